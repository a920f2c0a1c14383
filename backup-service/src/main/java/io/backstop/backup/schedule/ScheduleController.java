package io.backstop.backup.schedule;

import java.net.URI;
import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.backstop.backup.ApiExamples;
import io.backstop.backup.Roles;
import io.backstop.contracts.Page;
import io.backstop.support.ApiException;
import io.backstop.support.CurrentUser;

/**
 * One resource per schedule, each with a stable id and a version: an edit or delete names the version it was made
 * against and gets 409 if someone else changed the schedule first.
 */
@Validated
@RestController
@RequestMapping("/api/backups/schedules")
class ScheduleController {

    /** Enough for every real rota; the scheduler reads them all on every tick. */
    static final int MAX_SCHEDULES = 50;

    private final ScheduleStore store;

    ScheduleController(ScheduleStore store) {
        this.store = store;
    }

    record ScheduleRequest(@NotBlank String cron, @Size(max = 500) String description) {}

    record ScheduleUpdate(
            @NotBlank String cron,
            @Size(max = 500) String description,
            @NotNull(message = "is required: the version you last read") @Positive Long version) {}

    @Operation(summary = "List backup schedules, oldest first", description = "Paged like every list.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of schedules",
            content = @Content(examples = @ExampleObject(value = ApiExamples.SCHEDULE_PAGE)))
    @GetMapping
    @PreAuthorize(Roles.READ)
    Page<ScheduleStore.Schedule> list(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return store.page(limit, cursor);
    }

    @Operation(summary = "Get one schedule")
    @ApiResponse(
            responseCode = "200",
            description = "The schedule",
            content = @Content(examples = @ExampleObject(value = ApiExamples.SCHEDULE_VIEW)))
    @GetMapping("/{id}")
    @PreAuthorize(Roles.READ)
    ScheduleStore.Schedule get(@PathVariable String id) {
        ScheduleStore.Schedule schedule = store.find(id);
        if (schedule == null) {
            throw notFound(id);
        }
        return schedule;
    }

    @Operation(summary = "Add a schedule", description = "A six-field cron (second minute hour day month weekday).")
    @ApiResponse(
            responseCode = "201",
            description = "The schedule as stored",
            content = @Content(examples = @ExampleObject(value = ApiExamples.SCHEDULE_VIEW)))
    @PostMapping
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<ScheduleStore.Schedule> create(@RequestBody @Valid ScheduleRequest request) {
        requireCron(request.cron());
        // checked, not enforced atomically: two admins adding the 50th at once may make 51, which harms nothing
        if (store.list().size() >= MAX_SCHEDULES) {
            throw ApiException.conflict("There are already " + MAX_SCHEDULES + " schedules; delete one first");
        }
        ScheduleStore.Schedule created =
                store.create(new ScheduleStore.Entry(request.cron(), request.description()), CurrentUser.name());
        return ResponseEntity.created(URI.create("/api/backups/schedules/" + created.id()))
                .body(created);
    }

    @Operation(
            summary = "Replace a schedule's cron and description",
            description = "409 when someone changed it since the version you name.")
    @ApiResponse(
            responseCode = "200",
            description = "The schedule as stored",
            content = @Content(examples = @ExampleObject(value = ApiExamples.SCHEDULE_VIEW)))
    @PutMapping("/{id}")
    @PreAuthorize(Roles.ADMIN)
    ScheduleStore.Schedule update(@PathVariable String id, @RequestBody @Valid ScheduleUpdate request) {
        requireCron(request.cron());
        ScheduleStore.Schedule updated = store.update(
                id,
                request.version(),
                new ScheduleStore.Entry(request.cron(), request.description()),
                CurrentUser.name());
        if (updated == null) {
            throw notFound(id);
        }
        return updated;
    }

    @Operation(summary = "Delete a schedule", description = "?version= names the version you last read.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{id}")
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<Void> delete(
            @PathVariable String id,
            @RequestParam(required = false) @Positive(message = "must be 1 or more") Long version) {
        if (version == null) {
            throw ApiException.invalid(List.of(
                    new ApiException.FieldError("version", "is required: the version you last read, as ?version=N")));
        }
        if (!store.delete(id, version)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static void requireCron(String cron) {
        if (!CronExpression.isValidExpression(cron)) {
            throw ApiException.invalid(List.of(new ApiException.FieldError(
                    "cron",
                    "'" + cron + "' is not a cron "
                            + "expression; use six fields: second minute hour day-of-month month day-of-week, "
                            + "e.g. \"0 0 2 * * *\" for 02:00 UTC every day")));
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No schedule " + abbreviate(id) + "; GET /api/backups/schedules lists them");
    }

    private static String abbreviate(String id) {
        return id.length() > 40 ? id.substring(0, 40) + "..." : id;
    }
}
