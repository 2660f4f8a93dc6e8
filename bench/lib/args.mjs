/** Reads `--name value` and `--flag` options; numbers stay strings for the caller to check. */
export function parseArgs(argv, defaults) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option --${key}; known: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')}`);
    if (typeof defaults[key] === 'boolean') options[key] = true;
    else options[key] = typeof defaults[key] === 'number' ? Number(argv[++i]) : argv[++i];
  }
  return options;
}
