package io.backstop.catalog.schema;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The catalog's form schema, for every role: the UI builds its forms from it instead of repeating the fields. */
@RestController
@Tag(name = "Catalog")
class SchemaController {

    private final FormSchemas schemas;

    SchemaController(FormSchemas schemas) {
        this.schemas = schemas;
    }

    @GetMapping("/api/catalog/schema")
    @Operation(
            summary = "The fields of each kind's form, with the limits the API enforces on them",
            description =
                    "Read from the request-body records' validation constraints, so a form built from it and the"
                            + " API cannot disagree. notBusiness names what a document or its view carries besides business data.")
    @ApiResponse(
            responseCode = "200",
            description = "The form schema of brands, models and engines",
            content =
                    @Content(
                            examples =
                                    @ExampleObject(
                                            value = "{\"kinds\":{\"brands\":{\"parentField\":null,"
                                                    + "\"fields\":[{\"name\":\"name\",\"type\":\"string\",\"required\":true,\"maxLength\":100}]}},"
                                                    + "\"notBusiness\":[\"_id\",\"id\",\"version\"]}")))
    @ApiResponse(responseCode = "401", description = "No valid gateway token")
    FormSchema schema() {
        return schemas.schema();
    }
}
