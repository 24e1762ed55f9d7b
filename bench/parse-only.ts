/**
 * Reference workload (a) of bench:screen: read an NDJSON file in 1 MB chunks, split lines and
 * JSON.parse every one — nothing else. Prints { lines, maxRssMb } as JSON.
 */
import { createReadStream } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: parse-only.ts <file.ndjson>');
let lines = 0;
let carry = '';
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, encoding: 'utf8' })) {
  const text = carry + (chunk as string);
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    if (end > start) {
      JSON.parse(text.slice(start, end));
      lines++;
    }
    start = end + 1;
  }
  carry = text.slice(start);
}
if (carry.trim()) {
  JSON.parse(carry);
  lines++;
}
process.stdout.write(`${JSON.stringify({ lines, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
