// C shims around libpng and libjpeg. Both libraries report fatal errors by longjmp; these functions
// keep every setjmp/longjmp inside C so that no Swift frame is ever jumped over, and hand back
// either a decoded image or an error message.
#ifndef LOUPE_CIMAGESHIM_H
#define LOUPE_CIMAGESHIM_H

#include <stddef.h>
#include <stdint.h>

#define LOUPE_IMAGE_ERROR_CAPACITY 256
#define LOUPE_IMAGE_TOO_LARGE (-2)

// A decoded image converted to 8-bit RGB the way Pillow's `convert("RGB")` does (alpha dropped).
// `pixels` and `exif` are malloc'd; release them with `loupe_image_free`.
typedef struct {
    uint8_t *pixels;       // [height, width, 3]
    uint32_t width;
    uint32_t height;
    uint8_t *exif;         // raw TIFF-structured EXIF block (no "Exif\0\0" prefix), or NULL
    size_t exif_size;
    char error[LOUPE_IMAGE_ERROR_CAPACITY];
} loupe_decoded_image;

// An encoded file in memory; release `bytes` with `loupe_image_free`.
typedef struct {
    uint8_t *bytes;
    size_t size;
    char error[LOUPE_IMAGE_ERROR_CAPACITY];
} loupe_encoded_image;

// Return 0 on success, -1 on failure with `out->error` set and nothing left to free, or
// LOUPE_IMAGE_TOO_LARGE with `out->width`/`out->height` set to the size the header claims when it
// has more than `max_pixels` pixels (refused before any pixel buffer is allocated).
int loupe_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, loupe_decoded_image *out);
int loupe_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, loupe_decoded_image *out);

// `channels` is 3 (RGB) or 4 (RGBA); rows are tightly packed. The output depends only on the
// pixels and the zlib version: fixed filter, fixed compression level, no time or text chunks.
int loupe_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                     loupe_encoded_image *out);

void loupe_image_free(void *pointer);

#endif
