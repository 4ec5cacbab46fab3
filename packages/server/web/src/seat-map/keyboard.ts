/** Arrow-key moves between drawn seats: along the layout order sideways, to the nearest seat above or below. */

export type Direction = 'left' | 'right' | 'up' | 'down';

interface Positions {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export function nextSeat(order: readonly number[], at: Positions, from: number, direction: Direction): number | undefined {
  if (direction === 'left' || direction === 'right') {
    const k = order.indexOf(from);
    return order[k + (direction === 'right' ? 1 : -1)];
  }
  const x0 = at.x[from]!;
  const y0 = at.y[from]!;
  let best: number | undefined;
  let bestDy = Infinity;
  let bestDx = Infinity;
  // Nearest row in that direction first, then the closest seat in it.
  for (const i of order) {
    const dy = direction === 'down' ? at.y[i]! - y0 : y0 - at.y[i]!;
    if (dy <= 0) continue;
    const dx = Math.abs(at.x[i]! - x0);
    if (dy < bestDy || (dy === bestDy && dx < bestDx)) {
      best = i;
      bestDy = dy;
      bestDx = dx;
    }
  }
  return best;
}
