## Extra R reference values for src/stats/log-rank, beyond the shared fixtures
## (../shared/fixtures/r-survival): the edge cases of R's survdiff rules: a group without events,
## a group whose expected count is 0 (dropped from the statistic), a group of one subject, three
## groups, every event at one time, strata that lack a group, near-tied times merged by timefix,
## ρ = 0.5, a p-value near 1e-153, and a singular case where survdiff stops with an error.
##
## Run from the repository root:  Rscript scripts/r-extra/logrank.R [OUTDIR]
## (default OUTDIR test/fixtures/r-extra). Needs only R and survival; written with R 4.2.2 and
## survival 3.5-3. The output is deterministic (fixed seeds).
##
## Each file logrank-<case>.json holds the data and, per analysis, the fields of FORMAT.md's
## `survdiff` entry, or `error` with R's message. Numbers are %.17g (integers without a decimal
## point), which JSON.parse reads back to R's exact double; NaN/Inf are the strings "NaN"/"Inf".
## The files are then laid out by the repository's Biome formatter (`npx biome format --write`)
## so that `biome check .` accepts them; that changes whitespace only.
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
OUT <- if (length(args) >= 1) args[1] else "test/fixtures/r-extra"
dir.create(OUT, recursive = TRUE, showWarnings = FALSE)

## ---- JSON: the writer shared by these scripts (json.R, next to this script) --------------------
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "json.R"))

WRITTEN <- character()

## ---------------------------------------------------------------------------------------------
## One survdiff analysis, in the field layout of FORMAT.md's `survdiff` entry.
## ---------------------------------------------------------------------------------------------
analysis <- function(d, rho, stratified) {
  f <- if (stratified) Surv(time, event) ~ group + strata(strata) else Surv(time, event) ~ group
  sd <- tryCatch(survdiff(f, data = d, rho = rho), error = function(e) e)
  head <- list(formula = paste(deparse(f), collapse = ""), rho = rho, stratified = stratified)
  if (inherits(sd, "error")) return(c(head, list(error = conditionMessage(sd))))
  obs <- if (stratified) rowSums(sd$obs) else sd$obs
  ex <- if (stratified) rowSums(sd$exp) else sd$exp
  v <- as.matrix(sd$var)
  df <- sum(ex > 0) - 1L
  res <- c(head, list(
    groups = I(levels(d$group)), n = I(as.vector(sd$n)),
    observed = I(unname(obs)), expected = I(unname(ex)), o_minus_e = I(unname(obs - ex)),
    oe2_over_e = I(unname((obs - ex)^2 / ex)), oe2_over_v = I(unname((obs - ex)^2 / diag(v))),
    var = v, chisq = sd$chisq, df = df,
    p = suppressWarnings(pchisq(sd$chisq, df, lower.tail = FALSE))))
  if (stratified) {
    res$strata <- I(levels(d$strata))
    res$strata_n <- I(as.vector(sd$strata))
    res$observed_by_stratum <- matrix(sd$obs, nrow = nlevels(d$group))
    res$expected_by_stratum <- matrix(sd$exp, nrow = nlevels(d$group))
  }
  res
}

write_case <- function(case_id, description, d, rhos = c(0, 1)) {
  stratified <- "strata" %in% names(d)
  analyses <- list()
  for (s in unique(c(FALSE, stratified))) for (rho in rhos) analyses[[length(analyses) + 1]] <- analysis(d, rho, s)
  obj <- list(
    case_id = case_id, description = description,
    r_call = "survdiff(Surv(time, event) ~ group [+ strata(strata)], data, rho)",
    generated_with = list(R = R.version.string, survival = as.character(packageVersion("survival")),
                          script = "scripts/r-extra/logrank.R"),
    group_levels = I(levels(d$group)),
    strata_levels = if (stratified) I(levels(d$strata)) else NULL,
    data = list(time = I(d$time), event = I(as.integer(d$event)), group = I(as.character(d$group)),
                strata = if (stratified) I(as.character(d$strata)) else NULL),
    analyses = analyses)
  WRITTEN <<- c(WRITTEN, write_json(obj, file.path(OUT, paste0("logrank-", case_id, ".json"))))
}
frame <- function(time, event, group, strata = NULL, group_levels = sort(unique(group))) {
  d <- data.frame(time = time, event = event, group = factor(group, levels = group_levels))
  if (!is.null(strata)) d$strata <- factor(strata)
  d
}

## ---------------------------------------------------------------------------------------------
## Cases
## ---------------------------------------------------------------------------------------------
write_case("group-without-events",
  "Group C is followed throughout but has no events: O = 0 while E > 0, so it stays in the statistic",
  frame(time = c(3, 8, 1, 9, 4, 12, 6, 2, 10, 7, 5, 11),
        event = c(1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0),
        group = c("A", "A", "B", "C", "A", "C", "B", "B", "C", "A", "C", "B")))

write_case("group-with-zero-expected",
  "Group a0 (the first level) is censored before the first event: E = 0, (O-E)^2/E = NaN; survdiff drops it and then drops the first of the remaining groups, so df = 1 with three groups",
  frame(time = c(0.5, 0.7, 3, 5, 2, 6, 4, 8, 7, 1.5),
        event = c(0, 0, 1, 1, 1, 0, 1, 1, 0, 1),
        group = c("a0", "a0", "b", "c", "b", "b", "c", "c", "b", "c"),
        group_levels = c("a0", "b", "c")))

write_case("single-subject-group",
  "Group B has a single subject (an event at 4)",
  frame(time = c(2, 4, 6, 3, 9, 5, 7, 4),
        event = c(1, 1, 0, 1, 1, 0, 1, 1),
        group = c("A", "B", "A", "A", "A", "A", "A", "A")))

set.seed(20240601)
n3 <- 60
g3 <- rep(c("control", "low", "high"), each = n3 / 3)
rate <- c(control = 1 / 200, low = 1 / 260, high = 1 / 340)[g3]
t_event <- rexp(n3, rate); t_cens <- rexp(n3, 1 / 400)
write_case("three-groups",
  "Three arms of 20 (levels control, low, high), exponential times rounded up to whole days (ties), ~1/3 censored; rho = 0, 1 and 0.5",
  frame(time = pmax(1, ceiling(pmin(t_event, t_cens) / 7)), event = as.integer(t_event <= t_cens),
        group = g3, group_levels = c("control", "low", "high")),
  rhos = c(0, 1, 0.5))

write_case("all-events-tied",
  "Every event happens at t = 5 (six events across both groups); the other subjects are censored before or after",
  frame(time = c(5, 5, 5, 5, 5, 5, 2, 7, 9, 3, 8),
        event = c(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0),
        group = c("A", "B", "A", "B", "B", "A", "A", "B", "A", "B", "B")))

write_case("singular",
  "Every subject has the event at the same time: the covariance of O - E is zero and R's solve() stops",
  frame(time = c(5, 5, 5, 5), event = c(1, 1, 1, 1), group = c("A", "A", "B", "B")))

write_case("stratum-missing-group",
  "Three groups, two strata; group B has no subject in stratum s2 and group C none in s1",
  frame(time = c(4, 9, 2, 7, 5, 3, 8, 6, 1, 10, 12, 11, 3, 6, 9),
        event = c(1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0),
        group = c("A", "A", "B", "B", "B", "A", "A", "C", "C", "C", "A", "C", "B", "A", "C"),
        strata = c("s1", "s1", "s1", "s1", "s1", "s2", "s2", "s2", "s2", "s2", "s1", "s2", "s1", "s2", "s2")))

write_case("near-tied-times",
  "Times that differ only by floating-point noise (0.1 + 0.2 vs 0.3, 0.7 * 3 vs 2.1, 1 - 1e-12 vs 1): timefix merges them into ties, across strata as well as within",
  frame(time = c(0.1 + 0.2, 0.3, 0.7 * 3, 2.1, 1 - 1e-12, 1, 0.3, 2.1, 4, 5, 0.7 * 3, 1 - 1e-12),
        event = c(1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0),
        group = c("A", "B", "A", "B", "B", "A", "A", "A", "B", "B", "B", "A"),
        strata = c("x", "x", "x", "y", "x", "y", "y", "x", "y", "x", "y", "y")))

set.seed(7)
write_case("tiny-p",
  "Two well-separated groups of 300: chi-square near 700, p about 1e-153 (rho = 0) and 1e-123 (rho = 1), from the pchisq upper tail",
  frame(time = c(rexp(300, 1), rexp(300, 1 / 50)), event = rep(1, 600),
        group = rep(c("fast", "slow"), each = 300), group_levels = c("fast", "slow")))

format_json(WRITTEN)
