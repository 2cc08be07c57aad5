#include "CImageShim.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Everything that must survive a longjmp lives here, reached through a pointer that never changes
// after setjmp, so no local needs to be volatile.
typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    char *error;
    int too_large;
    uint8_t *raw;          // libpng's transformed rows
    png_bytep *rows;
    uint8_t *pixels;
    uint8_t *exif;
} png_read_state;

static void png_shim_error(png_structp png, png_const_charp message) {
    png_read_state *state = (png_read_state *)png_get_error_ptr(png);
    snprintf(state->error, LOUPE_IMAGE_ERROR_CAPACITY, "PNG: %s", message);
    png_longjmp(png, 1);
}

static void png_shim_warning(png_structp png, png_const_charp message) {
    (void)png; (void)message;  // Pillow ignores recoverable problems (e.g. bad ancillary CRCs) too.
}

static void png_shim_read(png_structp png, png_bytep destination, png_size_t length) {
    png_read_state *state = (png_read_state *)png_get_io_ptr(png);
    if (length > state->size - state->offset) {
        png_error(png, "file is truncated");
    }
    memcpy(destination, state->data + state->offset, length);
    state->offset += length;
}

int loupe_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, loupe_decoded_image *out) {
    memset(out, 0, sizeof(*out));
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(out->error, sizeof(out->error), "PNG: missing PNG signature");
        return -1;
    }
    png_read_state *state = calloc(1, sizeof(png_read_state));
    if (!state) {
        snprintf(out->error, sizeof(out->error), "PNG: out of memory");
        return -1;
    }
    state->data = data;
    state->size = size;
    state->error = out->error;

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, state, png_shim_error, png_shim_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        snprintf(out->error, sizeof(out->error), "PNG: cannot create libpng structures");
        png_destroy_read_struct(png ? &png : NULL, NULL, NULL);
        free(state);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(state->raw);
        free(state->rows);
        free(state->pixels);
        free(state->exif);
        int status = state->too_large ? LOUPE_IMAGE_TOO_LARGE : -1;
        free(state);
        return status;
    }
    png_set_read_fn(png, state, png_shim_read);
    png_set_user_limits(png, 0x7fffffffu, 0x7fffffffu);
    png_set_chunk_malloc_max(png, 64u << 20);
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    int color_type = png_get_color_type(png, info);
    int bit_depth = png_get_bit_depth(png, info);
    if ((uint64_t)width * (uint64_t)height > max_pixels) {
        out->width = width;
        out->height = height;
        state->too_large = 1;
        png_error(png, "image too large (width x height exceeds the pixel limit)");
    }

    // Expand palette, low-bit gray and tRNS to whole bytes; keep 16-bit samples so that the
    // conversion below can follow Pillow (high byte for colour, clipping for 16-bit gray).
    png_set_expand(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info);
    int out_depth = png_get_bit_depth(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (channels < 1 || channels > 4 || (out_depth != 8 && out_depth != 16)) {
        png_error(png, "unexpected layout after expansion");
    }

    state->raw = malloc(row_bytes * height);
    state->rows = malloc(sizeof(png_bytep) * height);
    state->pixels = malloc((size_t)width * height * 3);
    if (!state->raw || !state->rows || !state->pixels) {
        png_error(png, "out of memory");
    }
    for (png_uint_32 y = 0; y < height; y++) {
        state->rows[y] = state->raw + row_bytes * y;
    }
    png_read_image(png, state->rows);
    png_read_end(png, info);

    // Pillow opens 16-bit grayscale as mode "I;16"; its conversion to RGB clips at 255 instead of
    // scaling. Every other 16-bit layout is unpacked by taking the high byte.
    int clip_16_bit_gray = bit_depth == 16 && (color_type == PNG_COLOR_TYPE_GRAY);
    int sample_bytes = out_depth / 8;
    int gray = channels <= 2;
    for (png_uint_32 y = 0; y < height; y++) {
        const uint8_t *row = state->rows[y];
        uint8_t *target = state->pixels + (size_t)y * width * 3;
        for (png_uint_32 x = 0; x < width; x++) {
            const uint8_t *pixel = row + (size_t)x * channels * sample_bytes;
            for (int c = 0; c < 3; c++) {
                const uint8_t *sample = pixel + (gray ? 0 : c) * sample_bytes;
                uint8_t value = sample[0];
                if (clip_16_bit_gray) {
                    unsigned wide = ((unsigned)sample[0] << 8) | sample[1];
                    value = wide > 255 ? 255 : (uint8_t)wide;
                }
                target[x * 3 + c] = value;
            }
        }
    }

    png_bytep exif = NULL;
    png_uint_32 exif_size = 0;
    if (png_get_eXIf_1(png, info, &exif_size, &exif) && exif && exif_size > 0) {
        state->exif = malloc(exif_size);
        if (state->exif) {
            memcpy(state->exif, exif, exif_size);
            out->exif = state->exif;
            out->exif_size = exif_size;
        }
    }

    out->pixels = state->pixels;
    out->width = width;
    out->height = height;
    png_destroy_read_struct(&png, &info, NULL);
    free(state->raw);
    free(state->rows);
    free(state);
    return 0;
}

typedef struct {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    char *error;
    png_bytep *rows;
} png_write_state;

static void png_shim_write_error(png_structp png, png_const_charp message) {
    png_write_state *state = (png_write_state *)png_get_error_ptr(png);
    snprintf(state->error, LOUPE_IMAGE_ERROR_CAPACITY, "PNG encoder: %s", message);
    png_longjmp(png, 1);
}

static void png_shim_write(png_structp png, png_bytep source, png_size_t length) {
    png_write_state *state = (png_write_state *)png_get_io_ptr(png);
    if (length > state->capacity - state->size) {
        size_t capacity = state->capacity ? state->capacity : 4096;
        while (length > capacity - state->size) {
            capacity *= 2;
        }
        uint8_t *grown = realloc(state->bytes, capacity);
        if (!grown) {
            png_error(png, "out of memory");
        }
        state->bytes = grown;
        state->capacity = capacity;
    }
    memcpy(state->bytes + state->size, source, length);
    state->size += length;
}

static void png_shim_flush(png_structp png) { (void)png; }

int loupe_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                     loupe_encoded_image *out) {
    memset(out, 0, sizeof(*out));
    if ((channels != 3 && channels != 4) || width == 0 || height == 0) {
        snprintf(out->error, sizeof(out->error), "PNG encoder: need 3 or 4 channels and a non-empty image");
        return -1;
    }
    png_write_state *state = calloc(1, sizeof(png_write_state));
    if (!state) {
        snprintf(out->error, sizeof(out->error), "PNG encoder: out of memory");
        return -1;
    }
    state->error = out->error;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, state, png_shim_write_error, png_shim_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        snprintf(out->error, sizeof(out->error), "PNG encoder: cannot create libpng structures");
        png_destroy_write_struct(png ? &png : NULL, NULL);
        free(state);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(state->bytes);
        free(state->rows);
        free(state);
        return -1;
    }
    png_set_write_fn(png, state, png_shim_write, png_shim_flush);
    png_set_IHDR(png, info, width, height, 8,
                 channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    // One fixed filter instead of libpng's adaptive heuristic, which may change between versions.
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_compression_level(png, 9);
    png_set_compression_strategy(png, 0 /* Z_DEFAULT_STRATEGY */);
    png_set_compression_mem_level(png, 8);
    png_set_compression_window_bits(png, 15);
    state->rows = malloc(sizeof(png_bytep) * height);
    if (!state->rows) {
        png_error(png, "out of memory");
    }
    for (uint32_t y = 0; y < height; y++) {
        state->rows[y] = (png_bytep)(pixels + (size_t)y * width * channels);
    }
    png_write_info(png, info);
    png_write_image(png, state->rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    out->bytes = state->bytes;
    out->size = state->size;
    free(state->rows);
    free(state);
    return 0;
}

void loupe_image_free(void *pointer) {
    free(pointer);
}
