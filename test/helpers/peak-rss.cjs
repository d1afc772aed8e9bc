// Preloaded (`node -r`) into the CLI by test/helpers/bounded-audit.ts: on exit, writes the
// process's peak resident set size in KB to the file named by TRAINAUDIT_TEST_PEAK_RSS_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.TRAINAUDIT_TEST_PEAK_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
