## Extra R reference values for src/stats/cox-zph and src/stats/concordance, beyond the shared
## fixtures (../shared/fixtures/r-survival): stratified models, a multi-column factor term, heavy
## ties in time and in the risk score, and more than 10 strata (where concordancefit switches to
## its counting-process form).
##
## Run from the repository root:  Rscript scripts/r-extra/zph-concordance.R [OUTDIR]
## (default OUTDIR test/fixtures/r-extra). Needs only R and survival (no jsonlite); written with
## R 4.2.2 and survival 3.5-3. The output is deterministic.
##
## Each file holds the rows R actually used (fit$y, model.matrix(fit), the strata of the model
## frame, after na.omit), so the tests need no data set of their own. Numbers are written with
## %.17g (integers without a decimal point), which a correctly rounding parser such as
## JSON.parse reads back to R's exact double. The files are then laid out by the repository's
## Biome formatter (`npx biome format --write`), as `npm test` checks them; Biome leaves the
## number literals as they are.
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
OUT <- if (length(args) >= 1) args[1] else "test/fixtures/r-extra"
dir.create(OUT, recursive = TRUE, showWarnings = FALSE)

## ---- JSON: the writer shared by these scripts (json.R, next to this script) --------------------
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "json.R"))

WRITTEN <- character()
write_case <- function(obj, name) WRITTEN <<- c(WRITTEN, write_json(obj, file.path(OUT, paste0(name, ".json"))))
generated_with <- list(R = R.version.string, survival = as.character(packageVersion("survival")),
                       script = "scripts/r-extra/zph-concordance.R")

## The rows R used for a fit: time, event, 0-based stratum codes (or null).
fit_rows <- function(fit) {
  y <- fit$y
  mf <- fit$model  # the fits below keep their model frame (model = TRUE)
  si <- attr(terms(fit), "specials")$strata
  strata <- if (length(si)) as.integer(mf[[si]]) - 1L else NULL
  list(time = I(unname(y[, 1])), event = I(as.integer(y[, 2])),
       strata = if (is.null(strata)) NULL else I(strata),
       strata_levels = if (length(si)) I(levels(mf[[si]])) else NULL)
}

## ---------------------------------------------------------------------------------------------
## cox.zph cases: every transform, efron and breslow, terms = TRUE, global = TRUE.
## ---------------------------------------------------------------------------------------------
zph_case <- function(case_id, description, formula, data) {
  fits <- lapply(c("efron", "breslow"), function(ties) {
    fit <- coxph(formula, data = data, ties = ties, model = TRUE)
    zph <- lapply(c("km", "identity", "rank"), function(tr) {
      tb <- cox.zph(fit, transform = tr, terms = TRUE, global = TRUE)$table
      list(transform = tr, rows = I(rownames(tb)), chisq = I(unname(tb[, "chisq"])),
           df = I(unname(tb[, "df"])), p = I(unname(tb[, "p"])))
    })
    names(zph) <- c("km", "identity", "rank")
    list(ties = ties, coef = I(unname(coef(fit))), zph = zph)
  })
  fit <- coxph(formula, data = data, model = TRUE)
  X <- model.matrix(fit)
  asgn <- fit$assign
  rows <- fit_rows(fit)
  write_case(c(list(case_id = case_id, description = description,
                    r_call = paste0("cox.zph(coxph(", paste(deparse(formula), collapse = ""),
                                    ", ties = <ties>), transform = <transform>, terms = TRUE, global = TRUE)"),
                    generated_with = generated_with, n = nrow(X)),
               rows,
               list(columns = I(colnames(X)),
                    x = lapply(seq_len(ncol(X)), function(j) I(unname(X[, j]))),
                    terms = lapply(names(asgn), function(k) list(name = k, columns = I(asgn[[k]] - 1L))),
                    fits = fits)),
             case_id)
}

lung_months <- within(survival::lung, {
  # Follow-up in whole months: many tied event times, and ties between events and censorings.
  time <- ceiling(time / 30.4375)
})

zph_case("zph-veteran-strata",
  "veteran, baseline hazard stratified by celltype (4 strata)",
  Surv(time, status) ~ trt + karno + age + strata(celltype), survival::veteran)
zph_case("zph-veteran-factor",
  "veteran, celltype as a 4-level factor term: one row with df = 3",
  Surv(time, status) ~ trt + celltype + karno, survival::veteran)
zph_case("zph-lung-months",
  "lung, time in whole months (heavy ties in time); row with ph.ecog NA dropped",
  Surv(time, status) ~ sex + age + ph.ecog, lung_months)

## ---------------------------------------------------------------------------------------------
## concordance cases: summary(coxph(...))$concordance and the pair counts of fit$concordance.
## ---------------------------------------------------------------------------------------------
concordance_case <- function(case_id, description, formulas, data) {
  fits <- lapply(formulas, function(f) {
    lapply(c("efron", "breslow"), function(ties) {
      fit <- coxph(f, data = data, ties = ties, model = TRUE)
      s <- summary(fit)$concordance
      k <- fit$concordance
      c(list(formula = paste(deparse(f), collapse = ""), ties = ties),
        fit_rows(fit),
        list(lp = I(unname(fit$linear.predictors)), c = unname(s[1]), se = unname(s[2]),
             counts = list(concordant = unname(k["concordant"]), discordant = unname(k["discordant"]),
                           tied_x = unname(k["tied.x"]), tied_y = unname(k["tied.y"]),
                           tied_xy = unname(k["tied.xy"]))))
    })
  })
  write_case(list(case_id = case_id, description = description,
                  r_call = "summary(coxph(<formula>, ties = <ties>))$concordance; counts from fit$concordance",
                  generated_with = generated_with, fits = do.call(c, fits)),
             case_id)
}

concordance_case("concordance-veteran-strata",
  "veteran, stratified by celltype (4 strata: pairs only within a stratum)",
  list(Surv(time, status) ~ trt + karno + age + strata(celltype),
       Surv(time, status) ~ karno + strata(celltype)),
  survival::veteran)
concordance_case("concordance-lung-inst",
  "lung stratified by institution: 18 strata (> 10, where concordancefit merges strata into one counting-process data set); the row with inst NA dropped",
  list(Surv(time, status) ~ sex + age + strata(inst)),
  survival::lung)
concordance_case("concordance-lung-months",
  "lung, time in whole months: heavy ties in time, and in the risk score for ph.ecog alone",
  list(Surv(time, status) ~ ph.ecog,
       Surv(time, status) ~ sex + age + ph.ecog),
  lung_months)

format_json(WRITTEN)
