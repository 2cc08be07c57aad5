#include <cblas.h>
// Declared here because Debian's generic cblas.h alternative may not be OpenBLAS's own header.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
