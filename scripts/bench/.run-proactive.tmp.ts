const { run } = await import('/work/main/scripts/bench/proactive.ts');
const t = performance.now();
console.log(JSON.stringify(await run(), null, 1));
console.log('took', ((performance.now() - t) / 1000).toFixed(1), 's');
process.exit(0);
