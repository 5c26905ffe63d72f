/* fuzz_pipeline_out.c - libFuzzer target: fuzz_pipeline with check_only = 0, writing the out
 * folder (results.csv, XLSX, PDFs, manifest) for every input that passes; slower per input. */
#define KPF_WRITE 1
#include "fuzz_pipeline.c"
