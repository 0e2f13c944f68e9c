// The physical floor of a whole-repository audit: a process that only walks the same tree (skipping
// the same vendored folders) and reads the same candidate files, doing nothing with them.
//
//   node bench/floor.mjs <dir> <json: { skipDirs: string[], readNames: string[], readExts: string[] }>
import * as fs from 'node:fs';
import * as path from 'node:path';

const [root, spec] = process.argv.slice(2);
const { skipDirs, readNames, readExts } = JSON.parse(spec);
const skip = new Set(skipDirs);
const names = new Set(readNames);
const exts = new Set(readExts);
let files = 0;
let read = 0;
let bytes = 0;
const stack = [root];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, d.name);
    if (d.isDirectory()) {
      if (!skip.has(d.name)) stack.push(abs);
    } else if (d.isFile()) {
      files++;
      if (names.has(d.name) || exts.has(path.extname(d.name))) {
        bytes += fs.readFileSync(abs).length;
        read++;
      }
    }
  }
}
process.stdout.write(JSON.stringify({ files, read, bytes }) + '\n');
