## Extra R reference fits for src/stats/cox (coxPh), beyond the shared fixtures
## (../shared/fixtures/r-survival): monotone likelihood (a coefficient running off to ±Inf),
## heavy ties (Efron vs Breslow), collinear covariates, missing covariates, strata with covariates,
## a factor covariate, near-equal times merged by timefix, no events, and a fit that runs out of
## iterations.
##
## Run from the repository root:  Rscript scripts/r-extra/cox.R [OUTDIR]
## (default OUTDIR test/fixtures/r-extra; writes cox-*.json). Needs only R and survival; written
## with R 4.2.2 and survival 3.5-3. The output is deterministic.
##
## Each file: `input` in coxPh's own shape (columns by name, factor levels in R's order, term
## order as in the formula) and `options`, the R `formula`, and `fits.efron` / `fits.breslow` with
## the fields of the shared fixtures' coxph fits (FORMAT.md). Numbers are written with %.17g
## (integers without a decimal point), so JSON.parse gets R's exact doubles back; NA is null.
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
OUT <- if (length(args) >= 1) args[1] else "test/fixtures/r-extra"
dir.create(OUT, recursive = TRUE, showWarnings = FALSE)

## ---- JSON: the writer shared by these scripts (json.R, next to this script) --------------------
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "json.R"))

## ---- one fit, in the shared fixtures' field layout ------------------------------------------
fit_fields <- function(formula, data, ties, control) {
  warned <- character()
  fit <- withCallingHandlers(coxph(formula, data = data, ties = ties, control = control),
    warning = function(w) {
      warned <<- c(warned, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  s <- summary(fit, conf.int = 0.95)
  cm <- s$coefficients
  ci <- s$conf.int
  list(ties = ties, terms = I(rownames(cm)), coef = I(unname(cm[, "coef"])),
       se = I(unname(cm[, "se(coef)"])), hr = I(unname(ci[, "exp(coef)"])),
       hr_lower = I(unname(ci[, "lower .95"])), hr_upper = I(unname(ci[, "upper .95"])),
       z = I(unname(cm[, "z"])), p = I(unname(cm[, "Pr(>|z|)"])),
       var = fit$var, loglik_null = fit$loglik[1], loglik_fit = fit$loglik[2],
       lr_test = list(statistic = unname(s$logtest["test"]), df = unname(s$logtest["df"]),
                      p = unname(s$logtest["pvalue"])),
       wald_test = list(statistic = fit$wald.test, df = unname(s$waldtest["df"]),
                        p = unname(s$waldtest["pvalue"]),
                        statistic_summary_rounded = unname(s$waldtest["test"])),
       score_test = list(statistic = unname(s$sctest["test"]), df = unname(s$sctest["df"]),
                         p = unname(s$sctest["pvalue"])),
       iter = fit$iter, n = fit$n, nevent = fit$nevent,
       concordance = list(c = unname(s$concordance[1]), se = unname(s$concordance[2])),
       means = I(unname(fit$means)),
       omitted_rows = I(if (is.null(fit$na.action)) integer() else as.integer(fit$na.action)),
       warnings = I(warned))
}

## `input`: coxPh's input. numeric: covariate names; factors: factor covariate names (levels in R's
## order); the term order is the formula's right-hand side (`terms`).
cox_case <- function(case_id, description, data, terms, numeric = character(), factors = character(),
                     strata = FALSE, control = coxph.control(), options = list(), notes = character()) {
  rhs <- paste(c(terms, if (strata) "strata(strata)"), collapse = " + ")
  formula <- as.formula(paste("Surv(time, event) ~", rhs))
  input <- list(time = I(data$time), event = I(data$event))
  if ("group" %in% terms) {
    input$group <- I(as.character(data$group))
    input$groupLevels <- I(levels(data$group))
  }
  if (strata) input$strata <- I(as.character(data$strata))
  if (length(numeric)) input$covariates <- setNames(lapply(numeric, function(v) I(data[[v]])), numeric)
  if (length(factors)) {
    input$factorCovariates <- setNames(lapply(factors, function(v)
      list(values = I(as.character(data[[v]])), levels = I(levels(data[[v]])))), factors)
  }
  input$terms <- I(terms)
  obj <- list(case_id = case_id, description = description, notes = I(notes),
              generated_with = list(R = R.version.string, survival = as.character(packageVersion("survival")),
                                    script = "scripts/r-extra/cox.R"),
              formula = paste("Surv(time, event) ~", rhs),
              input = input, options = if (length(options)) options else setNames(list(), character()),
              fits = list(efron = fit_fields(formula, data, "efron", control),
                          breslow = fit_fields(formula, data, "breslow", control)))
  WRITTEN <<- c(WRITTEN, write_json(obj, file.path(OUT, paste0(case_id, ".json"))))
}

WRITTEN <- character()

## ---- data ------------------------------------------------------------------------------------
lung_df <- with(survival::lung, data.frame(time = time, event = status - 1, group = factor(sex),
                                           age = age, ph_ecog = ph.ecog, ph_karno = ph.karno))
vet_df <- with(survival::veteran, data.frame(time = time, event = status, group = factor(trt),
                                             strata = as.character(celltype), celltype = celltype,
                                             karno = karno, age = age))
aml_df <- with(survival::aml, data.frame(time = time, event = status, group = factor(as.character(x))))

## Monotone likelihood: no events in one arm.
aml_ref <- aml_df; aml_ref$event[aml_ref$group == "Maintained"] <- 0
cox_case("cox-monotone-reference-arm", "aml with no events in the reference arm (Maintained): groupNonmaintained -> +Inf",
         aml_ref, "group")
aml_other <- aml_df; aml_other$event[aml_other$group == "Nonmaintained"] <- 0
cox_case("cox-monotone-other-arm", "aml with no events in the Nonmaintained arm: groupNonmaintained -> -Inf",
         aml_other, "group")
## Monotone in one covariate of three: an indicator that is 1 only for censored subjects.
lung_mono <- lung_df
lung_mono$late_censor <- as.numeric(lung_mono$event == 0 & lung_mono$time > 400)
cox_case("cox-monotone-covariate", "lung: late_censor (1 only for subjects censored after day 400) -> -Inf; group and age stay finite",
         lung_mono, c("group", "age", "late_censor"), numeric = c("age", "late_censor"))

## Heavy ties: veteran times in 30-day months (many deaths per distinct time).
vet_months <- vet_df; vet_months$time <- ceiling(vet_months$time / 30)
cox_case("cox-heavy-ties", "veteran in 30-day months: heavy ties, Efron and Breslow differ clearly",
         vet_months, c("group", "karno"), numeric = "karno")

## Collinear covariates: age2 = 2 age + 1 is aliased (NA), as is a copy of the group dummy.
lung_col <- lung_df; lung_col$age2 <- 2 * lung_col$age + 1; lung_col$female <- as.numeric(lung_col$group == "2")
cox_case("cox-collinear", "lung: age2 = 2*age + 1 and female = the group dummy are aliased (NA)",
         lung_col, c("group", "age", "age2", "female"), numeric = c("age", "age2", "female"),
         notes = "R sets aliased coefficients to NA without a warning; coxPh adds a warning naming them")

## Missing covariates: rows with NA in any model covariate are dropped (na.omit).
cox_case("cox-missing", "lung: group + ph_ecog + ph_karno, each with missing values in different rows",
         lung_df, c("group", "ph_ecog", "ph_karno"), numeric = c("ph_ecog", "ph_karno"))

## Strata with covariates.
cox_case("cox-strata", "veteran: group + karno + age, stratified by cell type",
         vet_df, c("group", "karno", "age"), numeric = c("karno", "age"), strata = TRUE)

## A factor covariate (3 dummies, reference squamous) after a numeric one.
cox_case("cox-factor", "veteran: karno + celltype (factor) + group",
         vet_df, c("karno", "celltype", "group"), numeric = "karno", factors = "celltype")

## Near-equal times: timefix merges times that differ by floating-point error.
ovarian_fix <- with(survival::ovarian, data.frame(time = futime / 7, event = fustat, group = factor(rx), age = age))
ovarian_fix$time[c(2, 5, 9)] <- ovarian_fix$time[c(1, 4, 8)] * (1 + 1e-12)
ovarian_fix$event[c(1, 2)] <- 1
cox_case("cox-timefix", "ovarian in weeks with three times perturbed by 1e-12 (relative): merged with their neighbours",
         ovarian_fix, c("group", "age"), numeric = "age")

## No events: R returns NA coefficients without fitting.
aml_none <- aml_df; aml_none$event <- 0
cox_case("cox-no-events", "aml with every subject censored", aml_none, "group")

## Out of iterations (iter.max = 2): R warns; beta is the last accepted Newton step.
cox_case("cox-iter-max", "lung: group + age + ph_ecog with iter.max = 2 (R needs 3)",
         lung_df, c("group", "age", "ph_ecog"), numeric = c("age", "ph_ecog"),
         control = coxph.control(iter.max = 2), options = list(iterMax = 2),
         notes = c("R's var here comes from a Cholesky factor of the previous iterate mixed with the information at beta (survival's coxfit6 recomputes imat but not its factor); coxPh reports the inverse information at beta, so var/se/z/p/CI/Wald are not compared"))
format_json(WRITTEN)
