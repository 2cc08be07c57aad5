#include "CImageShim.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_error_mgr manager;  // first, so that the library's pointer is also ours
    jmp_buf jump;
    char *error;
    int truncation_is_fatal;
    int too_large;
    uint8_t *pixels;
    uint8_t *row;
    uint8_t *exif;
} jpeg_read_state;

static void jpeg_shim_fail(j_common_ptr cinfo) {
    jpeg_read_state *state = (jpeg_read_state *)cinfo->err;
    char message[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, message);
    snprintf(state->error, LOUPE_IMAGE_ERROR_CAPACITY, "JPEG: %s", message);
    longjmp(state->jump, 1);
}

// Warnings (level -1) are ignored like Pillow does, except running out of data before the last
// scanline: libjpeg would pad the image with gray, and Pillow refuses such files ("image file is
// truncated"). A missing end marker after complete image data is accepted, as Pillow does.
static void jpeg_shim_message(j_common_ptr cinfo, int level) {
    jpeg_read_state *state = (jpeg_read_state *)cinfo->err;
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF && state->truncation_is_fatal) {
        snprintf(state->error, LOUPE_IMAGE_ERROR_CAPACITY, "JPEG: file is truncated (premature end of data)");
        longjmp(state->jump, 1);
    }
}

static void jpeg_shim_silence(j_common_ptr cinfo) { (void)cinfo; }

static const uint8_t exif_header[6] = {'E', 'x', 'i', 'f', 0, 0};

int loupe_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, loupe_decoded_image *out) {
    memset(out, 0, sizeof(*out));
    jpeg_read_state *state = calloc(1, sizeof(jpeg_read_state));
    struct jpeg_decompress_struct *cinfo = calloc(1, sizeof(struct jpeg_decompress_struct));
    if (!state || !cinfo) {
        free(state);
        free(cinfo);
        snprintf(out->error, sizeof(out->error), "JPEG: out of memory");
        return -1;
    }
    state->error = out->error;
    cinfo->err = jpeg_std_error(&state->manager);
    state->manager.error_exit = jpeg_shim_fail;
    state->manager.emit_message = jpeg_shim_message;
    state->manager.output_message = jpeg_shim_silence;
    state->truncation_is_fatal = 1;
    if (setjmp(state->jump)) {
        out->exif_size = 0;
        jpeg_destroy_decompress(cinfo);
        free(state->pixels);
        free(state->row);
        free(state->exif);
        int status = state->too_large ? LOUPE_IMAGE_TOO_LARGE : -1;
        free(state);
        free(cinfo);
        return status;
    }
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(cinfo, TRUE);

    uint32_t width = cinfo->image_width;
    uint32_t height = cinfo->image_height;
    if (width == 0 || height == 0) {
        ERREXIT(cinfo, JERR_EMPTY_IMAGE);
    }
    if ((uint64_t)width * (uint64_t)height > max_pixels) {
        out->width = width;
        out->height = height;
        state->too_large = 1;
        snprintf(state->error, LOUPE_IMAGE_ERROR_CAPACITY,
                 "JPEG: image too large (%u x %u exceeds the pixel limit)", width, height);
        longjmp(state->jump, 1);
    }
    int components = cinfo->num_components;
    if (components == 1) {
        cinfo->out_color_space = JCS_GRAYSCALE;
    } else if (components == 3) {
        cinfo->out_color_space = JCS_RGB;
    } else if (components == 4) {
        cinfo->out_color_space = JCS_CMYK;  // libjpeg turns YCCK into CMYK
    } else {
        snprintf(state->error, LOUPE_IMAGE_ERROR_CAPACITY, "JPEG: cannot handle %d components", components);
        longjmp(state->jump, 1);
    }

    for (jpeg_saved_marker_ptr marker = cinfo->marker_list; marker; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1 && marker->data_length > sizeof(exif_header) &&
            memcmp(marker->data, exif_header, sizeof(exif_header)) == 0) {
            size_t exif_size = marker->data_length - sizeof(exif_header);
            state->exif = malloc(exif_size);
            if (state->exif) {
                memcpy(state->exif, marker->data + sizeof(exif_header), exif_size);
                out->exif_size = exif_size;
            }
            break;
        }
    }

    jpeg_start_decompress(cinfo);
    int out_components = cinfo->output_components;
    state->pixels = malloc((size_t)width * height * 3);
    state->row = malloc((size_t)width * out_components);
    if (!state->pixels || !state->row) {
        snprintf(state->error, LOUPE_IMAGE_ERROR_CAPACITY, "JPEG: out of memory");
        longjmp(state->jump, 1);
    }
    while (cinfo->output_scanline < cinfo->output_height) {
        uint32_t y = cinfo->output_scanline;
        JSAMPROW row = state->row;
        jpeg_read_scanlines(cinfo, &row, 1);
        uint8_t *target = state->pixels + (size_t)y * width * 3;
        for (uint32_t x = 0; x < width; x++) {
            const uint8_t *pixel = state->row + (size_t)x * out_components;
            if (out_components == 1) {
                target[x * 3 + 0] = target[x * 3 + 1] = target[x * 3 + 2] = pixel[0];
            } else if (out_components == 3) {
                target[x * 3 + 0] = pixel[0];
                target[x * 3 + 1] = pixel[1];
                target[x * 3 + 2] = pixel[2];
            } else {
                // Pillow reads 4-component JPEGs with Adobe's inverted polarity ("CMYK;I") and
                // converts CMYK to RGB as 255 - k - c * (255 - k) / 255 per channel.
                int k = 255 - pixel[3];
                int remaining = 255 - k;
                for (int c = 0; c < 3; c++) {
                    int ink = 255 - pixel[c];
                    int product = ink * remaining + 128;
                    int scaled = ((product >> 8) + product) >> 8;
                    int value = remaining - scaled;
                    target[x * 3 + c] = (uint8_t)(value < 0 ? 0 : value > 255 ? 255 : value);
                }
            }
        }
    }
    state->truncation_is_fatal = 0;
    jpeg_finish_decompress(cinfo);
    jpeg_destroy_decompress(cinfo);

    out->pixels = state->pixels;
    out->width = width;
    out->height = height;
    out->exif = state->exif;
    free(state->row);
    free(state);
    free(cinfo);
    return 0;
}
