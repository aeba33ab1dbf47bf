// `vigil`: the command line. run/demo start the server; everything else is an HTTP client of it.
import { Command } from 'commander';
import { registerCapture } from './commands/capture.js';
import { registerConfig } from './commands/config.js';
import { registerEvents } from './commands/events.js';
import { registerExport } from './commands/export.js';
import { registerPosts } from './commands/posts.js';
import { registerSearch } from './commands/search.js';
import { registerRun } from './commands/run.js';
import { registerTargets } from './commands/targets.js';
import { registerVerify } from './commands/verify.js';
import { registerReindex } from './commands/reindex.js';
import { registerDemo } from './commands/demo.js';
import { registerKeys } from './commands/keys.js';
import { registerWebhooks } from './commands/webhooks.js';
import { registerInspect } from './commands/inspect.js';
import { registerUsers } from './commands/users.js';
import { printError } from './output.js';

export function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Keeps verifiable evidence of what public accounts publish, and detects takedowns.')
    .option('--api <url>', 'Vigil API URL (default: VIGIL_API_URL or http://127.0.0.1:<http.port>)')
    .option('--config <file>', 'config file (YAML)')
    .showHelpAfterError();
  registerTargets(program);
  registerPosts(program);
  registerEvents(program);
  registerSearch(program);
  registerCapture(program);
  registerExport(program);
  registerRun(program);
  registerDemo(program);
  registerConfig(program);
  registerVerify(program);
  registerReindex(program);
  registerKeys(program);
  registerWebhooks(program);
  registerInspect(program);
  registerUsers(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    return printError(e);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
