package io.backstop.backup.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Faults injected through the SDK's own interceptor hook, in front of a real S3-compatible server: refuse the
 * upload of chosen keys (a network failure as the SDK reports it), or flip a byte of what a read returns (a
 * server that stores something else than it was sent). Also counts multipart part uploads.
 */
public final class S3Faults implements ExecutionInterceptor {

    private volatile Predicate<String> failUploadOf = key -> false;
    private volatile boolean corruptReads;
    private final AtomicInteger partUploads = new AtomicInteger();

    public void failUploadsOf(Predicate<String> keys) {
        failUploadOf = keys;
    }

    public void corruptReads(boolean corrupt) {
        corruptReads = corrupt;
    }

    public void reset() {
        failUploadOf = key -> false;
        corruptReads = false;
        partUploads.set(0);
    }

    public int partUploads() {
        return partUploads.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        String key = request instanceof PutObjectRequest put
                ? put.key()
                : request instanceof UploadPartRequest part ? part.key() : null;
        if (request instanceof UploadPartRequest) {
            partUploads.incrementAndGet();
        }
        if (key != null && failUploadOf.test(key)) {
            throw SdkClientException.create("Unable to execute HTTP request: Connection reset (injected)");
        }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!corruptReads
                || !(context.request() instanceof GetObjectRequest)
                || context.responseBody().isEmpty()) {
            return context.responseBody();
        }
        try (InputStream in = context.responseBody().get()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length > 0) {
                bytes[bytes.length / 2] ^= 0x01;
            }
            return Optional.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
