/* kp_i18n.c - where the message catalogue is, and which parts of the locale kaoping takes. */
#include "kp_i18n.h"
#include "kp_file.h"
#include "kp_mem.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef KP_LOCALEDIR
#define KP_LOCALEDIR "/usr/local/share/locale"
#endif

/* <folder of the program>/locale when it exists (malloc'd), else NULL. */
static char *beside_program(void)
{
    char *prog = kp_file_program_dir();
    char *dir = NULL;
    struct stat st;
    if (prog) {
        dir = kp_xmalloc(strlen(prog) + sizeof "/locale");
        sprintf(dir, "%s/locale", prog);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(dir);
            dir = NULL;
        }
    }
    free(prog);
    return dir;
}

void kp_i18n_init(void)
{
    setlocale(LC_MESSAGES, "");
    const char *env = getenv("KAOPING_LOCALEDIR");
    char *near = env && *env ? NULL : beside_program();
    bindtextdomain("kaoping", env && *env ? env : near ? near : KP_LOCALEDIR);
    bind_textdomain_codeset("kaoping", "UTF-8");
    free(near);
}
