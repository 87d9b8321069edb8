package org.sharerengine.shop.web;

import java.util.List;
import java.util.Map;
import org.sharerengine.shared.ApiProblem;
import org.sharerengine.shop.Actor;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Hands controllers the {@link Actor} that authentication established; never one from the request. */
@Configuration(proxyBeanMethods = false)
class CurrentActorResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object actor = request.getAttribute(Actor.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (actor == null) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthenticated", "This endpoint needs a shop's credentials.", Map.of());
        }
        return actor;
    }
}
