// Fails with file:line for every source line wider than prettier's printWidth: prettier breaks code, but never strings or comments.
// Checks the files given as arguments, or else every tracked .ts/.js/.mjs/.cjs file.
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

const width = JSON.parse(readFileSync('.prettierrc.json', 'utf8')).printWidth;
const tracked = () => execFileSync('git', ['ls-files', '-z', '*.ts', '*.js', '*.mjs', '*.cjs'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const files = process.argv.length > 2 ? process.argv.slice(2) : tracked();

let over = 0;
for (const file of files) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      // Characters, not UTF-16 units or bytes: Thai text and emoji count one each.
      const length = [...line].length;
      if (length <= width) return;
      over += 1;
      console.log(`${file}:${index + 1}: ${length} characters (at most ${width})`);
    });
}
if (over > 0) console.log(`${over} source lines over ${width} characters: split long strings and wrap comments by hand.`);
process.exit(over === 0 ? 0 : 1);
