# bench:stats — R's survival package on the benchmark's data, timed per operation.
# Usage: Rscript reference.R data.csv rounds
# Prints one JSON object: best elapsed seconds per operation, the results to compare, peak memory.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("numeric", "integer", "character", "numeric"))
d$arm <- factor(d$arm, levels = c("control", "experimental"))
rounds <- as.integer(args[2])
time_of <- function(thunk) min(vapply(seq_len(rounds), function(i) system.time(thunk())[["elapsed"]], numeric(1)))
km <- NULL; lr <- NULL; cx <- NULL
t_km <- time_of(function() km <<- survfit(Surv(time, event) ~ arm, data = d))
t_lr <- time_of(function() lr <<- survdiff(Surv(time, event) ~ arm, data = d))
t_cox <- time_of(function() cx <<- coxph(Surv(time, event) ~ arm + x, data = d, ties = "efron"))
med <- summary(km)$table[, "median"]
status <- readLines("/proc/self/status")
hwm <- as.numeric(gsub("[^0-9]", "", status[grepl("^VmHWM", status)])) / 1024
num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
cat(sprintf(
  '{"seconds":{"km":%.17g,"logrank":%.17g,"cox":%.17g},"km_median":%s,"km_n_event":%s,"logrank_chisq":%.17g,"cox_coef":%s,"cox_loglik":%s,"cox_iter":%d,"peak_rss_mb":%.1f}\n',
  t_km, t_lr, t_cox, num(unname(med)), num(unname(summary(km)$table[, "events"])), lr$chisq,
  num(unname(coef(cx))), num(cx$loglik), cx$iter, hwm))
