package io.backstop.backup.ops;

import java.util.Arrays;
import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.ApiExamples;
import io.backstop.backup.Roles;
import io.backstop.contracts.OperationKind;
import io.backstop.contracts.Page;
import io.backstop.support.ApiException;

/** Every backup, restore, point-in-time restore, cleanup and verification, with what it did. */
@RestController
class OperationsController {

    private final OperationRecords operations;

    OperationsController(OperationRecords operations) {
        this.operations = operations;
    }

    @Operation(
            summary = "List operations, newest first",
            description = "Backups, restores, point-in-time restores, cleanups and verifications: who, when, why, "
                    + "status, progress, outcome and duration. 'kind' and 'status' filter; paged.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of operations",
            content = @Content(examples = @ExampleObject(value = ApiExamples.OPERATION_PAGE)))
    @GetMapping("/api/operations")
    @PreAuthorize(Roles.READ)
    Page<OperationView> list(
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return operations.list(kind(kind), status(status), limit, cursor);
    }

    @Operation(
            summary = "Get one operation with its outcome",
            description = "The id is the operationId of the progress events and of the answer that started it; "
                    + "'outcome' is null while it runs.")
    @ApiResponse(
            responseCode = "200",
            description = "The operation",
            content = @Content(examples = @ExampleObject(value = ApiExamples.RESTORE_DONE)))
    @GetMapping("/api/operations/{id}")
    @PreAuthorize(Roles.READ)
    OperationView get(@PathVariable String id) {
        if (id.length() > 100 || !id.matches("[a-z0-9-]+")) {
            throw ApiException.badRequest("'" + (id.length() > 40 ? id.substring(0, 40) + "..." : id)
                    + "' is not an operation id: they are lowercase letters, digits and dashes");
        }
        OperationView view = operations.find(id);
        if (view == null) {
            throw ApiException.notFound("No operation " + id + "; GET /api/operations lists them");
        }
        return view;
    }

    private static OperationKind kind(String kind) {
        if (kind == null) {
            return null;
        }
        try {
            return OperationKind.of(kind);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(List.of(new ApiException.FieldError(
                    "kind",
                    "must be one of "
                            + Arrays.stream(OperationKind.values())
                                    .map(OperationKind::value)
                                    .toList())));
        }
    }

    private static OperationStatus status(String status) {
        if (status == null) {
            return null;
        }
        OperationStatus parsed = OperationStatus.of(status);
        if (parsed == null) {
            throw ApiException.invalid(List.of(new ApiException.FieldError(
                    "status",
                    "must be one of "
                            + Arrays.stream(OperationStatus.values())
                                    .map(OperationStatus::value)
                                    .toList())));
        }
        return parsed;
    }
}
