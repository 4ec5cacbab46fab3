import { println, type Io } from '../io.js';

/** `--json`: one JSON document on stdout, indented for people, stable for scripts. */
export function printJson(io: Io, value: unknown): void {
  println(io.stdout, JSON.stringify(value, null, 2));
}
