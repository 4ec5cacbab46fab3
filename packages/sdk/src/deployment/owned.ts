/**
 * What a composition root opened, to close in reverse order (a part closes before what it was
 * built on: the BoxOffice before its queue, the queue before its connections). Only what was
 * opened goes in: a part the caller gave is the caller's to close.
 */
export class Owned {
  private readonly parts: Array<{ name: string; close: () => Promise<unknown> }> = [];
  private closing: Promise<void> | undefined;

  /** Records `part` (returned as is) to be closed by `close()`. */
  add<T extends { close(): Promise<unknown> }>(name: string, part: T): T {
    this.parts.push({ name, close: () => part.close() });
    return part;
  }

  /**
   * Closes every part, last opened first, once (later calls share the first). Every part is
   * tried even when one fails; the first failure is thrown after, naming the part.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      let failure: unknown;
      for (const part of this.parts.reverse()) {
        try {
          await part.close();
        } catch (error) {
          failure ??= new Error(`closing ${part.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }
      if (failure !== undefined) throw failure;
    })();
    return this.closing;
  }
}
