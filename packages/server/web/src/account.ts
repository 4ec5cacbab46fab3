import { messageOf } from './api.js';
import { h } from './dom.js';
import { currentSession, signInAsGuest, signOut, useToken, type Session } from './session.js';

/**
 * The sign-in bar: "continue as guest" where the server allows it, or a pasted token.
 * `ensure()` gives a session, signing in as a guest on the way when it can.
 */
export class Account {
  private listeners: Array<(s: Session) => void> = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly guest: boolean,
  ) {
    this.render();
  }

  get session(): Session | undefined {
    return currentSession();
  }

  onSignIn(listener: (s: Session) => void): void {
    this.listeners.push(listener);
  }

  async ensure(): Promise<Session> {
    const existing = currentSession();
    if (existing) return existing;
    if (!this.guest) throw new Error('Sign in first: paste a token at the top of the page.');
    return this.signIn();
  }

  async signIn(): Promise<Session> {
    const session = await signInAsGuest();
    this.render();
    for (const l of this.listeners) l(session);
    return session;
  }

  private render(error = ''): void {
    const session = currentSession();
    if (session) {
      const out = h('button', { type: 'button', class: 'link' }, 'Sign out');
      out.addEventListener('click', () => {
        signOut();
        location.reload();
      });
      this.host.replaceChildren(h('span', { 'data-testid': 'signed-in' }, `Signed in as ${session.userId}`), ' ', out);
      return;
    }
    const children: (HTMLElement | string)[] = [];
    if (this.guest) {
      const b = h('button', { type: 'button', 'data-testid': 'guest' }, 'Continue as guest');
      b.addEventListener('click', () => void this.signIn().catch((e: unknown) => this.render(messageOf(e))));
      children.push(b, ' ');
    }
    const input = h('input', { type: 'password', id: 'token-input', autocomplete: 'off', placeholder: 'bo1.…' });
    const use = h('button', { type: 'button' }, 'Use token');
    use.addEventListener('click', () => {
      try {
        const session = useToken(input.value.trim());
        this.render();
        for (const l of this.listeners) l(session);
      } catch (e) {
        this.render(messageOf(e));
      }
    });
    children.push(h('details', { class: 'token' }, h('summary', {}, 'Sign in with a token'), h('label', { for: 'token-input' }, 'Token '), input, ' ', use));
    if (error) children.push(h('span', { class: 'error', role: 'alert' }, error));
    this.host.replaceChildren(...children);
  }
}
