package io.backstop.backup.schedule;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.backstop.backup.Roles;
import io.backstop.support.ApiException;
import io.backstop.support.CurrentUser;

@RestController
class ScheduleController {

    private final ScheduleStore store;

    ScheduleController(ScheduleStore store) {
        this.store = store;
    }

    record ScheduleEntry(@NotBlank String cron, @Size(max = 500) String description) {
    }

    record SchedulesRequest(@NotNull @Size(max = 50) List<@Valid ScheduleEntry> schedules) {
    }

    @GetMapping("/api/backups/schedules")
    @PreAuthorize(Roles.READ)
    List<ScheduleStore.Schedule> list() {
        return store.list();
    }

    @PutMapping("/api/backups/schedules")
    @PreAuthorize(Roles.ADMIN)
    List<ScheduleStore.Schedule> replace(@RequestBody @Valid SchedulesRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < request.schedules().size(); i++) {
            String cron = request.schedules().get(i).cron();
            if (!CronExpression.isValidExpression(cron)) {
                errors.add(new ApiException.FieldError("schedules[" + i + "].cron", "'" + cron + "' is not a cron "
                        + "expression; use six fields: second minute hour day-of-month month day-of-week, "
                        + "e.g. \"0 0 2 * * *\" for 02:00 UTC every day"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        store.replaceAll(request.schedules().stream().map(e -> new ScheduleStore.Entry(e.cron(), e.description()))
                .toList(), CurrentUser.name());
        return store.list();
    }
}
