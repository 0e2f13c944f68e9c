export async function runLspBenchmark() { return null; }
