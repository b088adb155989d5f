import { run } from './realtime';
const r = await run();
for (const x of r) console.log(JSON.stringify(x));
process.exit(0);
