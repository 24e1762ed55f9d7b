## Extra R reference values for src/stats/kaplan-meier, beyond the shared fixtures
## (../shared/fixtures/r-survival): edge cases (all censored, one subject, S reaching 0, every event
## at one time, heavy ties, the median exactly at 0.5 with and without a later drop, zero times,
## timefix merging), the plain CI, other quantile probabilities, horizons before the first time,
## and the number at risk at chosen times.
##
## Run from the repository root:  Rscript scripts/r-extra/km.R [OUTDIR]
## (default OUTDIR test/fixtures/r-extra; writes km-edge-cases.json). Needs only R and survival
## (no jsonlite); written with R 4.2.2 and survival 3.5-3. The output is deterministic.
##
## Each case uses survfit's defaults (stype 1, ctype 1, timefix = TRUE, conf.lower "usual") and the
## curve layout of the shared fixtures (FORMAT.md "Curve"), with ci for all three conf types.
## Numbers are written with %.17g (integers without a decimal point), which a correctly rounding
## parser such as JSON.parse reads back to R's exact double; NA is null; Inf/-Inf/NaN are strings.
## The file is then laid out by `npx biome format --write` (as `npm test` checks it).
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
OUT <- if (length(args) >= 1) args[1] else "test/fixtures/r-extra"
dir.create(OUT, recursive = TRUE, showWarnings = FALSE)

## ---- JSON: the writer shared by these scripts (json.R, next to this script) --------------------
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "json.R"))

CONF_TYPES <- c("log", "log-log", "plain")

## ---------------------------------------------------------------------------------------------
## One curve (fit with one stratum, or stratum k of a ~ group fit), in the shared fixtures' layout.
## ---------------------------------------------------------------------------------------------
curve_json <- function(fits, k, label, group, probs, horizons) {
  pick <- function(f) if (is.null(f$strata)) f else f[k]
  f0 <- pick(fits[["log"]])
  row <- function(tab) if (is.matrix(tab)) tab[k, ] else tab
  tb <- row(summary(fits[["log"]])$table)
  ci <- list()
  for (ct in CONF_TYPES) {
    fo <- pick(fits[[ct]])
    stopifnot(identical(fo$surv, f0$surv), identical(fo$std.err, f0$std.err))
    tbc <- row(summary(fits[[ct]])$table)
    q <- quantile(fo, probs = probs, conf.int = TRUE)
    ci[[ct]] <- list(lower = I(fo$lower), upper = I(fo$upper),
                     median = list(estimate = unname(tbc["median"]), lower = unname(tbc["0.95LCL"]),
                                   upper = unname(tbc["0.95UCL"])),
                     quantiles = list(probs = I(probs), estimate = I(unname(q$quantile)),
                                      lower = I(unname(q$lower)), upper = I(unname(q$upper))))
  }
  rmean <- lapply(horizons, function(h) {
    # summary() refuses a horizon before the first time; survmean (which it calls) does not.
    t2 <- if (h$horizon < min(fits[["log"]]$time))
      row(survival:::survmean(survfit0(fits[["log"]]), rmean = h$horizon)$matrix)
    else row(summary(fits[["log"]], rmean = h$horizon)$table)
    list(horizon = h$horizon, horizon_rule = h$rule, rmean = unname(t2["rmean"]), se = unname(t2["se(rmean)"]))
  })
  list(label = label, group = group,
       records = unname(tb["records"]), n_max = unname(tb["n.max"]), n_start = unname(tb["n.start"]),
       events = unname(tb["events"]),
       time = I(f0$time), n_risk = I(f0$n.risk), n_event = I(f0$n.event), n_censor = I(f0$n.censor),
       surv = I(f0$surv), std_err = I(f0$std.err), std_err_surv = I(summary(f0, censored = TRUE)$std.err),
       cumhaz = I(f0$cumhaz), std_chaz = I(f0$std.chaz), ci = ci, rmean = rmean)
}

## n.risk from summary(fit, times = ...) with and without extend; `times` must be ascending.
n_risk_json <- function(fit, times) {
  ext <- summary(fit, times = times, extend = TRUE)$n.risk
  inside <- times[times <= max(fit$time)]
  plain <- if (length(inside)) summary(fit, times = times)$n.risk else numeric(0)
  list(times = I(times), extend = I(ext), no_extend = I(c(plain, rep(NA, length(times) - length(inside)))))
}

make_case <- function(id, description, time, event, group = NULL, levels = NULL,
                      probs = c(0.25, 0.5, 0.75), fixed = NULL, risk_times = NULL) {
  d <- data.frame(time = time, event = event)
  has_group <- !is.null(group)
  if (has_group) d$group <- factor(group, levels = levels)
  max_time <- max(time)
  horizons <- list()
  if (!is.null(fixed)) for (h in fixed) horizons[[length(horizons) + 1]] <- list(horizon = h, rule = "fixed")
  gmax <- if (has_group) min(tapply(d$time, d$group, max)) else max_time
  horizons[[length(horizons) + 1]] <- list(horizon = unname(gmax), rule = "min_over_groups_of_max_time")
  horizons[[length(horizons) + 1]] <- list(horizon = max_time, rule = "max_time")
  fit_all <- function(formula) setNames(lapply(CONF_TYPES, function(ct)
    survfit(formula, data = d, conf.type = ct)), CONF_TYPES)
  overall <- fit_all(Surv(time, event) ~ 1)
  by_group <- NULL
  if (has_group) {
    g <- fit_all(Surv(time, event) ~ group)
    by_group <- lapply(seq_along(levels), function(k) curve_json(g, k, levels[k], levels[k], probs, horizons))
  }
  list(id = id, description = description,
       r_call = paste0("survfit(Surv(time, event) ~ ", if (has_group) "group" else "1",
                       ", conf.type = ct) for ct in log, log-log, plain; quantile(fit, probs, conf.int = TRUE); ",
                       "summary(fit)$table; summary(fit, rmean = h)$table; summary(fit, times, extend)"),
       data = list(time = I(time), event = I(event), group = if (has_group) I(as.character(group)) else NULL),
       group_levels = if (has_group) I(levels) else NULL,
       conf_level = 0.95, conf_types = I(CONF_TYPES), probs = I(probs),
       km = list(overall = curve_json(overall, 1, "overall", NA, probs, horizons), by_group = by_group),
       n_risk_at = if (is.null(risk_times)) NULL else n_risk_json(overall[["log"]], risk_times))
}

ALLP <- c(0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)
set.seed(20240611)
rt <- round(rexp(60, 1 / 10), 2) + 0.01
re <- rbinom(60, 1, 0.7)
rg <- sample(c("control", "low dose", "high dose"), 60, replace = TRUE)

cases <- list(
  make_case("all-censored", "every subject censored: S = 1 throughout, no median, se 0",
            c(3, 1, 2), c(0, 0, 0), fixed = 2, risk_times = c(0, 1, 2.5, 3, 4)),
  make_case("single-event", "one subject, an event: S drops straight to 0 (std_err Inf, CIs null)",
            5, 1, probs = ALLP, fixed = c(2, 5, 8), risk_times = c(4, 5, 6)),
  make_case("single-censored", "one subject, censored", 5, 0, fixed = 3),
  make_case("reaches-zero", "S reaches 0 at the last time: std_err Inf, log/log-log CIs null, plain NaN",
            c(1, 2, 2, 3), c(1, 1, 0, 1), probs = ALLP, fixed = 2.5,
            risk_times = c(-1, 0, 1, 1.5, 2, 3, 4, 10)),
  make_case("all-events-one-time", "every subject has the event at the same time",
            c(5, 5, 5), c(1, 1, 1), probs = ALLP, fixed = 4),
  make_case("one-time-with-censoring", "events and a censoring all at one time",
            c(5, 5, 5, 5), c(1, 1, 1, 0), probs = ALLP, fixed = 6),
  make_case("heavy-ties", "4 rows at each of 3 times, events and censorings tied at each",
            rep(c(2, 1, 3), each = 4), c(1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0), probs = ALLP, fixed = 2.5),
  make_case("median-half-later-drop", "S = 0.5 exactly at 2, drops at 3: median (2 + 3)/2 by both rules",
            c(4, 2, 3, 1), c(1, 1, 1, 1), probs = ALLP),
  make_case("median-half-no-drop", "S = 0.5 exactly at 2, censored after: table 2, quantile() (2 + 4)/2",
            c(1, 2, 3, 4), c(1, 1, 0, 0), probs = ALLP),
  make_case("median-half-one-event", "FORMAT.md's example: event at 18, censoring at 95: table 18, quantile() 56.5",
            c(95, 18), c(0, 1)),
  make_case("zero-times", "events and a censoring at time 0", c(0, 0, 1, 2), c(1, 0, 1, 0),
            probs = ALLP, fixed = 3, risk_times = c(0, 0.5, 2, 3)),
  make_case("timefix", "times equal within sqrt(eps), absolutely or relative to the mean time, merge to the first of the run; 100 + 1e-6 stays apart",
            c(1, 1 + 1e-9, 2, 2 + 1e-8, 2 + 2e-8, 2 + 3e-8, 100, 100 + 1e-6, 0.1 + 0.2, 0.3),
            c(1, 0, 1, 1, 0, 1, 1, 0, 1, 1), risk_times = c(1, 1 + 5e-10, 2.5, 100, 100 + 5e-7)),
  make_case("timefix-by-group", "timefix uses the pooled times, before the split by group",
            c(1, 1 + 1e-9, 2, 2 + 1e-8, 3, 3 + 2e-8, 4, 5), c(1, 1, 0, 1, 1, 1, 0, 1),
            group = c("b", "a", "a", "b", "b", "a", "a", "b"), levels = c("a", "b")),
  make_case("aml-all-conf-types", "survival::aml: non-monotone log upper limit (quantile() and the table differ), S reaching 0 in one arm",
            aml$time, aml$status, group = as.character(aml$x), levels = c("Maintained", "Nonmaintained"),
            probs = c(0.1, 0.25, 0.5, 0.75, 0.9), fixed = c(3, 48)),
  make_case("random-three-arms", "60 random rows (set.seed 20240611), non-integer times, three arms in a chosen order",
            rt, re, group = rg, levels = c("control", "low dose", "high dose"),
            probs = c(0.1, 0.25, 0.5, 0.75, 0.9), fixed = 12, risk_times = c(0, 5, 10, 20, 40, 80)),
  make_case("group-all-censored", "one arm all censored, the other reaching 0",
            c(2, 4, 6, 1, 3, 5), c(0, 0, 0, 1, 1, 1), group = c("A", "A", "A", "B", "B", "B"), levels = c("A", "B"),
            probs = ALLP, fixed = 2)
)

out <- list(
  description = "Kaplan-Meier edge cases from R survival; see scripts/r-extra/km.R",
  generated_with = list(R = R.version.string, survival = as.character(packageVersion("survival")),
                        script = "scripts/r-extra/km.R"),
  cases = cases)
format_json(write_json(out, file.path(OUT, "km-edge-cases.json")))
