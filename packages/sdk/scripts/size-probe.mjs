import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ stdin: { contents: process.argv[2], resolveDir: process.cwd() }, bundle: true, minify: true, format: 'esm', write: false, external: (process.env.EXT ?? 'viem,viem/*').split(','), platform: 'neutral', mainFields: ['module','main'] });
const code = r.outputFiles[0].contents; console.log(code.length, gzipSync(code).length);
