/**
 * The `sewer` command: `npm run sewer -- <command> [args]`.
 * Each command lives in its own file exporting `run(argv)`; loaded lazily so
 * `sewer synth` does not pay for TF.js start-up and vice versa.
 */
const COMMANDS: Record<string, { file: string; help: string }> = {
  synth: { file: './synth', help: 'synth video|dataset …   generate labelled synthetic footage' },
  train: { file: './train', help: 'train --data DIR --out models/NAME   train the classifier' },
  eval: { file: './eval', help: 'eval --data DIR | --real-dev DIR [--json OUT]   measure a model' },
  classify: { file: './classify', help: 'classify IMG… --json OUT.json   score images' },
  analyze: { file: './analyze', help: 'analyze VIDEO --json OUT.json [--pdf OUT.pdf]   headless pipeline' },
};

function usage(): string {
  return ['usage: sewer <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  ${c.help}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const mod = (await import(cmd.file)) as { run: (argv: string[]) => Promise<number | void> };
  return (await mod.run(rest)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    if (process.env.SEWER_DEBUG && err instanceof Error) console.error(err.stack);
    process.exit(1);
  },
);
