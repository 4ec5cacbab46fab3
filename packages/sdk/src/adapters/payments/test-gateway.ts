import { PaymentOutcomeUnknownError, type AuthorizeResult, type PaymentGateway } from '../../ports/payments.js';

/**
 * The test payment gateway: a declared test double, driven by test tokens, never a silent
 * stand-in for a real processor. It keeps a ledger so tests can check every charge.
 *
 * | token                    | authorize                                                   |
 * |--------------------------|-------------------------------------------------------------|
 * | `tok_visa`, `tok_mastercard` | authorized                                              |
 * | `tok_declined`           | declined (`card_declined`)                                  |
 * | `tok_insufficient_funds` | declined (`insufficient_funds`)                             |
 * | `tok_timeout`            | the charge IS authorized, then the answer is lost: throws   |
 * |                          | PaymentOutcomeUnknownError after `timeoutMs`                |
 * | anything else            | declined (`unknown_test_token`)                             |
 */
export const TEST_TOKENS = ['tok_visa', 'tok_mastercard', 'tok_declined', 'tok_insufficient_funds', 'tok_timeout'] as const;

/** The gateway calls that settle an authorization. */
export type SettleOperation = 'capture' | 'void' | 'refund';

export type LedgerStatus = 'authorized' | 'captured' | 'voided' | 'refunded';

export interface LedgerEntry {
  readonly paymentId: string;
  readonly reference: string;
  readonly amount: number;
  readonly currency: string;
  status: LedgerStatus;
}

export interface TestGatewayOptions {
  /** How long `tok_timeout` makes the caller wait before the outcome is lost (default 20 ms). */
  timeoutMs?: number;
}

export class TestPaymentGateway implements PaymentGateway {
  readonly name = 'test';
  readonly isTestDouble = true;
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly timeoutMs: number;
  private outage: ReadonlySet<SettleOperation> = new Set();

  constructor(options: TestGatewayOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 20;
  }

  async authorize(req: { paymentId: string; amount: number; currency: string; token: string }): Promise<AuthorizeResult> {
    const existing = this.entries.get(req.paymentId);
    if (existing) return { status: 'authorized', reference: existing.reference };
    switch (req.token) {
      case 'tok_visa':
      case 'tok_mastercard':
        return { status: 'authorized', reference: this.record(req).reference };
      case 'tok_declined':
        return { status: 'declined', reason: 'card_declined' };
      case 'tok_insufficient_funds':
        return { status: 'declined', reason: 'insufficient_funds' };
      case 'tok_timeout':
        this.record(req);
        await new Promise((resolve) => setTimeout(resolve, this.timeoutMs));
        throw new PaymentOutcomeUnknownError(`test gateway: ${req.paymentId} timed out (tok_timeout)`);
      default:
        return { status: 'declined', reason: 'unknown_test_token' };
    }
  }

  /**
   * Makes these operations fail as an unreachable gateway's would (nothing recorded), until
   * called again without them: how tests drive retries of captures, voids and refunds.
   */
  simulateOutage(...operations: SettleOperation[]): void {
    this.outage = new Set(operations);
  }

  async capture(req: { paymentId: string; reference: string; amount: number }): Promise<void> {
    this.reachable('capture');
    const e = this.entries.get(req.paymentId) ?? this.adopt(req);
    if (!e) throw new Error(`test gateway: nothing authorized for ${req.paymentId}`);
    if (e.status === 'captured') return;
    if (e.status !== 'authorized') throw new Error(`test gateway: cannot capture a ${e.status} payment ${req.paymentId}`);
    e.status = 'captured';
  }

  async void(req: { paymentId: string }): Promise<void> {
    this.reachable('void');
    const e = this.entries.get(req.paymentId);
    if (!e || e.status === 'voided') return;
    if (e.status !== 'authorized') throw new Error(`test gateway: cannot void a ${e.status} payment ${req.paymentId}`);
    e.status = 'voided';
  }

  async refund(req: { paymentId: string; reference: string; amount: number }): Promise<void> {
    this.reachable('refund');
    const e = this.entries.get(req.paymentId) ?? this.adopt(req, 'captured');
    if (!e) throw new Error(`test gateway: nothing to refund for ${req.paymentId}`);
    if (e.status === 'refunded') return;
    if (e.status === 'authorized') {
      e.status = 'voided';
      return;
    }
    if (e.status !== 'captured') throw new Error(`test gateway: cannot refund a ${e.status} payment ${req.paymentId}`);
    e.status = 'refunded';
  }

  private reachable(operation: SettleOperation): void {
    if (this.outage.has(operation)) throw new Error(`test gateway: ${operation} unavailable (simulated outage)`);
  }

  /** Every charge the gateway has seen, for tests and audits. */
  ledger(): readonly Readonly<LedgerEntry>[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  /**
   * A real gateway remembers every charge; this double keeps its ledger in memory. So that a
   * later process (a CLI cancel, a reconciler) can settle a charge another process made, a
   * well-formed reference of this gateway (`ch_test_<paymentId>`) is taken as proof of it.
   */
  private adopt(req: { paymentId: string; reference: string; amount: number }, status: LedgerStatus = 'authorized'): LedgerEntry | undefined {
    if (req.reference !== `ch_test_${req.paymentId}`) return undefined;
    const entry: LedgerEntry = { paymentId: req.paymentId, reference: req.reference, amount: req.amount, currency: '', status };
    this.entries.set(req.paymentId, entry);
    return entry;
  }

  private record(req: { paymentId: string; amount: number; currency: string }): LedgerEntry {
    const entry: LedgerEntry = {
      paymentId: req.paymentId,
      reference: `ch_test_${req.paymentId}`,
      amount: req.amount,
      currency: req.currency,
      status: 'authorized',
    };
    this.entries.set(req.paymentId, entry);
    return entry;
  }
}

export function createTestGateway(options: TestGatewayOptions = {}): TestPaymentGateway {
  return new TestPaymentGateway(options);
}
