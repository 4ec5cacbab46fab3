import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Runner } from '../../program.js';
import { profileAdd, profileList, profileRemove, profileUse, type ProfileAddOptions } from './profile.js';

const local = { local: true } as const;

export function registerProfile(program: Command, run: Runner): void {
  const profile = program
    .command('profile')
    .description('named deployments (URL and token) in your configuration directory')
    .addHelpText(
      'after',
      `
Profiles live in $BOXOFFICE_CONFIG_DIR, else $XDG_CONFIG_HOME/boxoffice, else ~/.config/boxoffice
(config.json, mode 0600). Which deployment a command uses: --store/--url/--profile flag, then
BOXOFFICE_URL (with BOXOFFICE_TOKEN) or BOXOFFICE_STORE, then the current profile, then the
embedded store. Tokens are shown masked.`,
    );
  profile
    .command('add')
    .description('add (or replace) a profile; the first one becomes current')
    .argument('<name>', 'the profile name, e.g. prod')
    .option('--use', 'make it the current profile')
    .option('--json', 'print the profile (token masked) as JSON')
    .addHelpText('after', '\nGive the deployment with the global --url <url> (required) and its bearer token with --token <token>.')
    .action((name: string, _o: unknown, cmd: Command) => {
      // --url and --token are global options: commander hands them to the program, read them from there.
      const o = cmd.optsWithGlobals<Partial<ProfileAddOptions>>();
      return run(
        cmd,
        (ctx) => {
          if (o.url === undefined) throw new UsageError('profile add needs --url <url>', 'profile add');
          return profileAdd(ctx, { ...o, url: o.url, name });
        },
        local,
      );
    });
  profile
    .command('list')
    .description('list profiles (* marks the current one)')
    .option('--json', 'print the profiles (tokens masked) as JSON')
    .action((o: { json?: boolean }, cmd: Command) => run(cmd, (ctx) => profileList(ctx, o), local));
  profile
    .command('use')
    .description('make a profile the current one')
    .argument('<name>', 'the profile')
    .option('--json', 'print the profile as JSON')
    .action((name: string, o: { json?: boolean }, cmd: Command) => run(cmd, (ctx) => profileUse(ctx, { ...o, name }), local));
  profile
    .command('remove')
    .description('remove a profile')
    .argument('<name>', 'the profile')
    .option('--json', 'print the removed profile as JSON')
    .action((name: string, o: { json?: boolean }, cmd: Command) => run(cmd, (ctx) => profileRemove(ctx, { ...o, name }), local));
}
