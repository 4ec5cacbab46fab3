/**
 * The payment-gateway port. BoxOffice's own payment id is passed on every call and serves as
 * the gateway's idempotency key, so a retried call never charges twice and a void can be sent
 * for an authorization whose answer was lost.
 *
 * Not covered: card data. Only opaque tokens cross this port; no card number is accepted.
 */
export interface PaymentGateway {
  readonly name: string;
  authorize(request: { paymentId: string; amount: number; currency: string; token: string }): Promise<AuthorizeResult>;
  capture(request: { paymentId: string; reference: string; amount: number }): Promise<void>;
  /** Cancels an authorization; succeeds (does nothing) when there is none to cancel. */
  void(request: { paymentId: string }): Promise<void>;
  refund(request: { paymentId: string; reference: string; amount: number }): Promise<void>;
}

export type AuthorizeResult =
  | { readonly status: 'authorized'; readonly reference: string }
  | { readonly status: 'declined'; readonly reason: string };

/** Thrown by a gateway when the outcome of a call is unknown (timeout, dropped connection). */
export class PaymentOutcomeUnknownError extends Error {
  override readonly name = 'PaymentOutcomeUnknownError';
}
