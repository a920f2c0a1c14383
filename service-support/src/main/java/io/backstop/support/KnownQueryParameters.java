package io.backstop.support;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.BeanUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request parameter the handler does not declare, as an unknown body field is refused: a misspelt
 * filter ({@code ?user=} for {@code ?changedBy=}) would otherwise be ignored and the answer would look like the
 * filtered one. What a handler accepts is read from its signature, so a new {@code @RequestParam} needs nothing
 * here: {@code @RequestParam} names (a {@code Map} parameter accepts any), the components or properties of a
 * {@code @ModelAttribute}, and plain simple-typed parameters, which Spring binds from parameters too.
 */
final class KnownQueryParameters implements HandlerInterceptor {

    /** Marks (by identity) a handler that binds the whole parameter map and so accepts any parameter. */
    private static final Set<String> ANY = Collections.unmodifiableSet(new LinkedHashSet<>());

    private final Map<Method, Set<String>> accepted = new ConcurrentHashMap<>();
    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // an error dispatch keeps the original parameters, and the error page must still answer
        if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        Set<String> known = accepted.computeIfAbsent(method.getMethod(), m -> acceptedBy(method));
        if (known == ANY) {
            return true;
        }
        List<String> unknown = request.getParameterMap().keySet().stream()
                .filter(p -> !known.contains(p))
                .toList();
        if (!unknown.isEmpty()) {
            throw unknown(unknown, known);
        }
        return true;
    }

    static ApiException unknown(List<String> unknown, Set<String> known) {
        String which = unknown.size() == 1
                ? "Unknown query parameter '" + unknown.get(0) + "'"
                : "Unknown query parameters "
                        + unknown.stream().map(u -> "'" + u + "'").toList();
        String accepts = known.isEmpty()
                ? "this endpoint takes no query parameters"
                : "this endpoint accepts " + String.join(", ", known);
        return new ApiException(
                ProblemType.UNKNOWN_PARAMETER,
                which + "; remove " + (unknown.size() == 1 ? "it" : "them") + " (" + accepts + ").",
                unknown.stream()
                        .map(u -> new ApiException.FieldError(u, "is not a known query parameter"))
                        .toList());
    }

    private Set<String> acceptedBy(HandlerMethod method) {
        Set<String> known = new LinkedHashSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            parameter.initParameterNameDiscovery(names);
            Class<?> type = parameter.getParameterType();
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = StringUtils.hasText(param.name()) ? param.name() : parameter.getParameterName();
                if (Map.class.isAssignableFrom(type) && !StringUtils.hasText(param.name())) {
                    return ANY;
                }
                known.add(name);
            } else if (parameter.hasParameterAnnotation(ModelAttribute.class)) {
                known.addAll(properties(type));
            } else if (parameter.getParameterAnnotations().length == 0 && BeanUtils.isSimpleProperty(type)) {
                known.add(parameter.getParameterName());
            }
        }
        return known;
    }

    private static List<String> properties(Class<?> type) {
        if (type.isRecord()) {
            return Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getName)
                    .toList();
        }
        return Arrays.stream(BeanUtils.getPropertyDescriptors(type))
                .filter(p -> p.getWriteMethod() != null)
                .map(PropertyDescriptor::getName)
                .toList();
    }
}
