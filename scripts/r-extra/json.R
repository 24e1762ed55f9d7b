## The JSON writer the scripts in this folder share (sourced by each; needs nothing beyond base R,
## no jsonlite), in the number conventions of the shared fixtures (../shared/fixtures/r-survival,
## FORMAT.md):
##   - a named list is an object, an unnamed list an array, a matrix an array of row arrays;
##   - a vector wrapped in I() is always an array (even of length 0 or 1); any other vector of
##     length 1 is a scalar, longer or empty ones are arrays;
##   - numbers are %.17g (integers without a decimal point), which a correctly rounding parser such
##     as JSON.parse reads back to R's exact double; NA is null; NaN, Inf and -Inf are the strings
##     "NaN", "Inf", "-Inf"; factors are written as their labels.

json_number <- function(v) {
  v <- as.double(v)
  out <- sprintf("%.17g", v)
  whole <- is.finite(v) & v == round(v) & abs(v) < 1e15
  out[whole] <- sprintf("%.0f", v[whole])
  out[is.na(v)] <- "null"
  out[is.nan(v)] <- "\"NaN\""
  out[is.infinite(v)] <- ifelse(v[is.infinite(v)] > 0, "\"Inf\"", "\"-Inf\"")
  out
}

json_string <- function(s) {
  ifelse(is.na(s), "null", paste0("\"", gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", s)), "\""))
}

json_atoms <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.character(x)) json_string(x)
  else if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  else json_number(x)
}

to_json <- function(x, indent = "") {
  next_indent <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.matrix(x)) return(to_json(lapply(seq_len(nrow(x)), function(i) I(unname(x[i, ]))), indent))
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    items <- vapply(seq_along(x), function(i) to_json(x[[i]], next_indent), "")
    if (!is.null(names(x))) items <- paste0(json_string(names(x)), ": ", items)
    brackets <- if (is.null(names(x))) c("[", "]") else c("{", "}")
    return(paste0(brackets[1], "\n", paste0(next_indent, items, collapse = ",\n"), "\n", indent, brackets[2]))
  }
  atoms <- json_atoms(x)
  if (length(x) == 1 && !inherits(x, "AsIs")) return(atoms)
  paste0("[", paste(atoms, collapse = ", "), "]")
}

## Writes `obj` to `path` and says so; returns the path.
write_json <- function(obj, path) {
  writeLines(to_json(obj), path, useBytes = TRUE)
  cat("wrote", path, "\n")
  invisible(path)
}

## Lays the files out as the repository's Biome formatter does (whitespace only; Biome leaves the
## number literals as they are), since `npm test` checks every JSON file. Run from the repository root.
format_json <- function(paths) {
  status <- system2("npx", c("biome", "format", "--write", paths))
  if (status != 0) stop("could not run `npx biome format --write` on the files written; run it by hand")
}
