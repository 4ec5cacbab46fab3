import { createPrompt, isDownKey, isEnterKey, isUpKey, useEffect, useKeypress, useState } from '@inquirer/core';

export interface PayPromptConfig {
  readonly message: string;
  readonly choices: readonly { readonly name: string; readonly value: string }[];
  /** When the hold lapses (epoch ms): the countdown runs to it, then the prompt answers EXPIRED. */
  readonly expiresAt: number;
}

/** What the prompt answers when the hold ran out before a choice. */
export const EXPIRED = Symbol('expired');

/** `9:05` */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A select whose header counts the hold down every second (inquirer's own select has a static
 * message): the buyer sees how long the seats stay theirs while choosing how to pay.
 */
const countdownSelect = createPrompt<string | typeof EXPIRED, PayPromptConfig>((config, done) => {
  const [now, setNow] = useState(Date.now());
  const [index, setIndex] = useState(0);
  const [answered, setAnswered] = useState<string | null>(null);
  const left = config.expiresAt - now;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left <= 0 && answered === null) done(EXPIRED);
  }, [left <= 0]);

  useKeypress((key) => {
    if (answered !== null) return;
    if (isUpKey(key)) setIndex((index + config.choices.length - 1) % config.choices.length);
    else if (isDownKey(key)) setIndex((index + 1) % config.choices.length);
    else if (isEnterKey(key)) {
      const choice = config.choices[index]!;
      setAnswered(choice.name);
      done(choice.value);
    }
  });

  if (answered !== null) return `✔ ${config.message} ${answered}`;
  const header = left > 0 ? `${config.message} (hold expires in ${countdown(left)})` : `${config.message} (hold expired)`;
  const lines = config.choices.map((c, i) => (i === index ? `❯ ${c.name}` : `  ${c.name}`));
  return [`? ${header}`, ...lines, '  (↑↓ to choose, enter to pay)'].join('\n');
});

export function payPrompt(config: PayPromptConfig): Promise<string | typeof EXPIRED> {
  return countdownSelect(config);
}
