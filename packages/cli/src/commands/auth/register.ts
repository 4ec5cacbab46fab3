import { Command, Option } from 'commander';
import type { Runner } from '../../program.js';
import { wholeNumber } from '../../parse.js';
import { authToken, type AuthTokenOptions } from './token.js';

export function registerAuth(program: Command, run: Runner): void {
  const auth = program.command('auth').description('bearer tokens for a deployment');
  auth
    .command('token')
    .description('mint a bearer token with the deployment secret ($BOXOFFICE_SECRET)')
    .requiredOption('--user <id>', 'who the token speaks for')
    .addOption(new Option('--role <role>', 'user: own holds and bookings; admin: everything').choices(['user', 'admin']).default('user'))
    .option('--ttl <seconds>', 'lifetime in seconds (default one day, at most 366 days)', wholeNumber(1, 366 * 86_400))
    .option('--json', 'print { token, userId, role, expiresAt } as JSON')
    .addHelpText('after', '\nExit 4 when BOXOFFICE_SECRET is missing or too short. The token goes alone to stdout.')
    .action((o: AuthTokenOptions, cmd: Command) => run(cmd, (ctx) => authToken(ctx, o), { local: true }));
}
