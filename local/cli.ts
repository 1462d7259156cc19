import { readFile } from 'node:fs/promises';
import { parseMail } from '../functions/adapters/parse-mail';
import { classifyMail } from '../functions/core/intake/classify/classify-mail';
import { printBanner } from './banner';
import { iamCommand } from './cli-iam';
import { incidentsCommand } from './cli-incidents';
import { RequestsCommandError, requestsCommand } from './cli-requests';
import { retentionCommand } from './cli-retention-sweeps';
import { startLocalStack } from './stack';

/** `privacy-desk <command>`: the local stack and the tools staff and engineers use. */
const USAGE = `Usage: privacy-desk <command>

Commands:
  start                 run the local stack (DynamoDB, S3, SES outbox, SMTP, HTTP, Step Functions)
  classify FILE.eml     print how a mail would be classified, as JSON
  requests …            staff actions on requests: list, show, approve, reject, extend, …
                        (privacy-desk requests --help)
  incidents …           the breach desk: list, show, open, assess, scope, notify-subjects,
                        record-filed (privacy-desk incidents --help)
  retention …           retention sweeps of the company's stores: sweep [--dry-run], list,
                        show, approve, reject (privacy-desk retention --help)
  iam [--function NAME] per function: what its role allows in the synthesized template, and
                        what its handler used in the last local run
`;

async function start(): Promise<void> {
  const stack = await startLocalStack({ log: (line) => console.log(line) });
  printBanner(stack);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local stack…');
    await stack.stop();
    console.log('Stopped. Data is kept in .local/ for the next start.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function classify(file: string | undefined): Promise<void> {
  if (!file) throw new UsageError('classify needs a file: privacy-desk classify FILE.eml');
  const raw = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  const c = classifyMail(await parseMail(raw));
  const result = {
    category: c.category,
    types: c.types,
    language: c.language,
    subjectEmail: c.subjectEmail ?? null,
    confidence: c.confidence,
    replyLanguage: c.replyLanguage,
    onBehalf: c.onBehalf,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'requests':
      return requestsCommand(args);
    case 'incidents':
      return incidentsCommand(args);
    case 'retention':
      return retentionCommand(args);
    case 'classify':
      return classify(args[0]);
    case 'iam':
      return iamCommand(args);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command: ${command}\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `privacy-desk: ${error instanceof UsageError || error instanceof RequestsCommandError ? error.message : String(error)}\n`,
  );
  process.exit(error instanceof UsageError ? 2 : 1);
});
