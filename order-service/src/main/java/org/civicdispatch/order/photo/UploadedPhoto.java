package org.civicdispatch.order.photo;

import java.util.UUID;

/**
 * What a photo upload answers: the photo as kept, and where to read it and its thumbnail.
 */
record UploadedPhoto(UUID id, String contentType, int size, String url, String thumbnailUrl) {
}
