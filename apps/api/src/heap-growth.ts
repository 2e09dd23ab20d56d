/** How far V8 lets the heap grow past what a full collection leaves: to twice as much. */
const HEAP_GROWING_PERCENT = 100;
const OPERATOR_SETTING = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * The V8 flag that bounds the heap's growth, or undefined when the operator set it on the command
 * line (which wins). On a large machine V8 otherwise lets the old space grow up to four times the
 * live heap under load, filled with short-lived request objects: after the benchmark's load RSS
 * was 255-290 MB, against about 200 MB with this bound, at the same throughput (BENCHMARKS.md).
 */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  return execArgv.some((argument) => OPERATOR_SETTING.test(argument))
    ? undefined
    : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}
