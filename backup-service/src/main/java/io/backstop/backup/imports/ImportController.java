package io.backstop.backup.imports;

import java.io.InputStream;
import java.net.URI;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.Roles;
import io.backstop.backup.backup.BackupView;
import io.backstop.contracts.HeaderText;
import io.backstop.support.CurrentUser;

@Validated
@RestController
@RequestMapping("/api/backups/imports")
class ImportController {

    private static final String EXAMPLE =
            """
            {"id": "bk-20261208-101500-k3x9", "status": "completed", "type": "imported",
             "description": "catalog of the old admin panel, 2026-11-30", "startedBy": "alice",
             "startedAt": "2026-12-08T10:15:00Z", "finishedAt": "2026-12-08T10:15:04Z", "durationMs": 4120,
             "compressedBytes": 1183020, "uncompressedBytes": 9204113,
             "counts": {"brands": 42, "models": 610, "engines": 8950},
             "checksums": {"catalog/brands.bson.gz": "9f2c…"}, "positionAtStart": null, "positionAtEnd": null,
             "pinned": false, "error": null, "operationId": null, "tool": "mongodump-import (100.10.0)",
             "lastVerification": {"at": "2026-12-08T10:15:04Z", "ok": true, "problems": []}}""";

    private final ImportService imports;

    ImportController(ImportService imports) {
        this.imports = imports;
    }

    record RegisterRequest(@NotBlank @Size(max = 4096) String path, @Size(max = 500) String reason) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    @Operation(
            summary = "Import a mongodump directory on the backup-service host as a backup (admin)",
            description = "'path' is a directory below backstop.backup.imports.root (absolute, or relative to it) "
                    + "holding a mongodump of the catalog's database: <db>/<collection>.bson[.gz] and "
                    + ".metadata.json[.gz] for brands, models and engines (any database name; it is mapped to the "
                    + "catalog). Every document is parsed, counted and checksummed; the backup is then verified, "
                    + "compared and restored like any other. A refused dump leaves nothing behind.")
    @ApiResponse(
            responseCode = "201",
            description = "Imported: the backup, as GET /api/backups/{id} shows it",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(value = EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "No such directory, or it holds a link or a special file")
    @ApiResponse(
            responseCode = "403",
            description = "The path is outside the import directory, or importing "
                    + "directories is off (no import root configured)")
    @ApiResponse(responseCode = "413", description = "Over a limit: files, their expanded size, or entries")
    @ApiResponse(
            responseCode = "422",
            description = "Not a dump of the catalog: a collection outside it, a second "
                    + "database, a missing collection, corrupt BSON or metadata; detail names the file")
    ResponseEntity<BackupView> register(@RequestBody @Valid RegisterRequest request) {
        return created(imports.register(request.path(), request.reason(), CurrentUser.name()));
    }

    @PostMapping(
            consumes = {
                "application/gzip",
                "application/x-gzip",
                "application/x-tar",
                "application/zip",
                MediaType.APPLICATION_OCTET_STREAM_VALUE
            })
    @PreAuthorize(Roles.ADMIN)
    @Operation(
            summary = "Import an uploaded tar, tar.gz or zip of a mongodump directory as a backup (admin)",
            description = "The body is the archive itself (e.g. tar czf dump.tgz dump), at most "
                    + "backstop.backup.imports.max-upload-bytes (100 MB by default); the reason goes in "
                    + "X-Change-Reason. Entries that are links, absolute or contain '..' refuse the whole archive, "
                    + "as do files expanding past the configured limits. Otherwise as the JSON form.")
    @ApiResponse(
            responseCode = "201",
            description = "Imported: the backup, as GET /api/backups/{id} shows it",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(value = EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "Not a tar, tar.gz or zip, or a hostile entry name or type")
    @ApiResponse(responseCode = "413", description = "Over a limit: upload size, expanded size, or entries")
    @ApiResponse(responseCode = "422", description = "Not a dump of the catalog; detail names the file")
    ResponseEntity<BackupView> upload(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "the archive's bytes",
                            required = true,
                            content = {
                                @Content(
                                        mediaType = "application/gzip",
                                        schema = @Schema(type = "string", format = "binary")),
                                @Content(
                                        mediaType = "application/x-tar",
                                        schema = @Schema(type = "string", format = "binary")),
                                @Content(
                                        mediaType = "application/zip",
                                        schema = @Schema(type = "string", format = "binary"))
                            })
                    InputStream body,
            @RequestHeader(name = HeaderText.CHANGE_REASON, required = false) @Size(max = 500) String reason) {
        return created(imports.upload(body, reason, CurrentUser.name()));
    }

    private static ResponseEntity<BackupView> created(BackupView view) {
        return ResponseEntity.created(URI.create("/api/backups/" + view.id())).body(view);
    }
}
