/**
 * The command lines run most (`verify`, `sts get-caller-identity`), read without commander: loading and building the
 * whole program costs a cold `verify` more than its two calls. Only a plain line is taken here, read as commander
 * reads it (global flags before or after the command, `--flag value` or `--flag=value`, the last one wins); anything
 * else (help, a profile, an unknown or doubtful flag, a value that looks like a flag) is left to commander
 * (program.ts), so its messages and exit codes stay the only ones.
 */
import type { GlobalOptions } from './context.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output.js';

/** A hot command line, parsed: what commander's optsWithGlobals would hand the command. */
export type HotCommand =
  | { readonly command: 'verify'; readonly options: GlobalOptions & { readonly lastUsed: boolean } }
  | { readonly command: 'get-caller-identity'; readonly options: GlobalOptions };

type ValueFlag = 'output' | 'region' | 'endpointUrl' | 'cliConnectTimeout' | 'cliReadTimeout';
type SwitchFlag = 'allowHttp' | 'allowCanary' | 'unmask' | 'debug';

function valueFlag(name: string): ValueFlag | undefined {
  switch (name) {
    case '--output':
      return 'output';
    case '--region':
      return 'region';
    case '--endpoint-url':
      return 'endpointUrl';
    case '--cli-connect-timeout':
      return 'cliConnectTimeout';
    case '--cli-read-timeout':
      return 'cliReadTimeout';
    default:
      return undefined;
  }
}

function switchFlag(name: string): SwitchFlag | undefined {
  switch (name) {
    case '--allow-http':
      return 'allowHttp';
    case '--allow-canary':
      return 'allowCanary';
    case '--unmask':
      return 'unmask';
    case '--debug':
      return 'debug';
    default:
      return undefined;
  }
}

/** commander's default for --output: AWS_DEFAULT_OUTPUT when it names a format, else json. */
function defaultOutput(env: Readonly<Record<string, string | undefined>>): OutputFormat {
  const given = env.AWS_DEFAULT_OUTPUT;
  return given && OUTPUT_FORMATS.includes(given as OutputFormat) ? (given as OutputFormat) : 'json';
}

/** The hot command `argv` asks for, or undefined when commander must read it. */
export function parseHotArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): HotCommand | undefined {
  const words: string[] = [];
  const values: Partial<Record<ValueFlag, string>> = {};
  const switches = { allowHttp: false, allowCanary: false, unmask: false, debug: false };
  let lastUsed = true;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 2 ? arg.slice(0, eq) : arg;
    const valued = valueFlag(name);
    if (valued) {
      const value = eq > 2 ? arg.slice(eq + 1) : argv[(i += 1)];
      // commander would take a value that looks like a flag; whoever wrote one may have meant otherwise.
      if (value === undefined || (eq <= 2 && value.startsWith('-'))) return undefined;
      values[valued] = value;
      continue;
    }
    const flag = eq > 2 ? undefined : switchFlag(arg);
    if (flag) switches[flag] = true;
    // verify's own flag, after `verify` (before it, commander takes it for an unknown option of the program).
    else if (arg === '--no-last-used' && words.length === 1 && words[0] === 'verify') lastUsed = false;
    else return undefined;
  }
  const output = values.output ?? defaultOutput(env);
  if (!OUTPUT_FORMATS.includes(output as OutputFormat)) return undefined;
  const options: GlobalOptions = { ...values, ...switches, output: output as OutputFormat };
  if (words.length === 1 && words[0] === 'verify') return { command: 'verify', options: { ...options, lastUsed } };
  if (words.length === 2 && words[0] === 'sts' && words[1] === 'get-caller-identity') return { command: 'get-caller-identity', options };
  return undefined;
}
