package io.backstop.support.arch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;

import com.tngtech.archunit.core.importer.ClassFileImporter;

/** The rule against maps as answers catches them in type arguments too, and lets records through. */
class HandlersReturnNoMapTest {

    static class MapAnswers {
        @GetMapping("/a")
        Map<String, Object> plain() {
            return Map.of();
        }

        @GetMapping("/b")
        ResponseEntity<List<Map<String, Object>>> nested() {
            return ResponseEntity.ok(List.of());
        }
    }

    static class RecordAnswers {
        record Answer(String id) {}

        @GetMapping("/c")
        ResponseEntity<List<Answer>> typed() {
            return ResponseEntity.ok(List.of());
        }
    }

    @Test
    void aMapAnswerPlainOrNestedIsAViolation() {
        assertThatThrownBy(() -> BackstopArchRules.HANDLERS_RETURN_NO_MAP.check(
                        new ClassFileImporter().importClasses(MapAnswers.class)))
                .hasMessageContaining("plain()")
                .hasMessageContaining("nested()");
    }

    @Test
    void aRecordAnswerPasses() {
        assertThatCode(() -> BackstopArchRules.HANDLERS_RETURN_NO_MAP.check(
                        new ClassFileImporter().importClasses(RecordAnswers.class, RecordAnswers.Answer.class)))
                .doesNotThrowAnyException();
    }
}
