package org.civicdispatch.order.photo;

import java.time.Duration;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.civicdispatch.web.BadRequestException;
import org.civicdispatch.web.CurrentUser;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;

/**
 * Photos of an order: upload, and the image and its thumbnail for those who may read the
 * order.
 */
@RestController
class PhotoController {

	private final PhotoService photos;

	PhotoController(PhotoService photos) {
		this.photos = photos;
	}

	@PostMapping(path = "/api/orders/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Attach a photo (multipart field `file`)", description = """
			The order's resident while it is unfinished (`PLACED` to `IN_SERVICE`), or an assigned volunteer or \
			the team's leader while it is `IN_SERVICE` or `COMPLETED` (403 for anyone else, 409 in other \
			statuses). JPEG, PNG or WebP, decided from the bytes, and the whole image must decode (415 \
			otherwise, whatever the file name or declared type); at most 5 MB (413); at most 9 photos per order \
			(409). EXIF (with GPS), XMP, IPTC and text metadata are removed before the photo is kept; a JPEG \
			thumbnail of at most 320 px is made for lists. The order's `photos` and its history \
			(`PHOTO_ADDED`) show it.""")
	@ApiResponse(responseCode = "201", description = "The photo as kept",
			content = @Content(schema = @Schema(implementation = UploadedPhoto.class)))
	Mono<ResponseEntity<UploadedPhoto>> upload(@PathVariable UUID id, @RequestPart("file") Part file,
			CurrentUser user) {
		if (!(file instanceof FilePart filePart)) {
			return Mono.error(BadRequestException.field("file", "请选择要上传的照片"));
		}
		return photos.upload(user, id, filePart.content())
			.map(uploaded -> ResponseEntity.status(HttpStatus.CREATED).body(uploaded));
	}

	@GetMapping("/api/photos/{id}")
	@Operation(summary = "A photo of an order", description = "For those who may read the order (403 otherwise).")
	@ApiResponse(responseCode = "200", description = "The image", content = { @Content(mediaType = "image/jpeg"),
			@Content(mediaType = "image/png"), @Content(mediaType = "image/webp") })
	Mono<ResponseEntity<byte[]>> photo(@PathVariable UUID id, CurrentUser user) {
		return photos.read(user, id, false).map(PhotoController::image);
	}

	@GetMapping("/api/photos/{id}/thumbnail")
	@Operation(summary = "A photo's thumbnail (JPEG, at most 320 px)",
			description = "For those who may read the order (403 otherwise).")
	@ApiResponse(responseCode = "200", description = "The thumbnail", content = @Content(mediaType = "image/jpeg"))
	Mono<ResponseEntity<byte[]>> thumbnail(@PathVariable UUID id, CurrentUser user) {
		return photos.read(user, id, true).map(PhotoController::image);
	}

	/**
	 * A photo never changes under its id; it is private to the reader, and its type is
	 * never sniffed.
	 */
	private static ResponseEntity<byte[]> image(PhotoService.Image image) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(image.contentType()))
			.cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
			.header("X-Content-Type-Options", "nosniff")
			.body(image.bytes());
	}

}
