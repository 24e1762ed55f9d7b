/**
 * Exact tests for small counts: the binomial test with Clopper–Pearson interval (R's binom.test)
 * and Fisher's exact test for 2×2 tables with the conditional MLE odds ratio (R's fisher.test).
 */
export { type BinomialTestOptions, type BinomialTestResult, binomialTest } from './binomial-test.ts';
export { type FisherTestOptions, type FisherTestResult, fisherTest, type TwoByTwo } from './fisher-test.ts';
