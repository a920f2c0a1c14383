package io.backstop.backup.imports;

import org.springframework.http.HttpStatus;

import io.backstop.support.ApiException;

/** A mongodump the import will not take; the detail says which file and how to make an acceptable one. */
final class ImportRefusedException extends ApiException {

    private ImportRefusedException(HttpStatus status, String detail) {
        super(status, detail + " Nothing was imported.");
    }

    /** The request itself is wrong: the path, the archive format, a hostile entry name. */
    static ImportRefusedException request(String detail) {
        return new ImportRefusedException(HttpStatus.BAD_REQUEST, detail);
    }

    /** A path outside the import directory. */
    static ImportRefusedException outsideRoot(String detail) {
        return new ImportRefusedException(HttpStatus.FORBIDDEN, detail);
    }

    /** Over a configured size or count limit. */
    static ImportRefusedException overLimit(String detail) {
        return new ImportRefusedException(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /** Well-formed request, but the dump's content cannot become a catalog backup. */
    static ImportRefusedException notADump(String detail) {
        return new ImportRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
    }
}
