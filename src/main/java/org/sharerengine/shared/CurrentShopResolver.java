package org.sharerengine.shared;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands controllers the shop the authentication filter established; never one from the request body. */
class CurrentShopResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ShopId.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object shop = request.getAttribute(ShopId.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (shop == null) {
            throw new ApiProblem(org.springframework.http.HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "This endpoint needs a shop API key in the X-Api-Key header.", java.util.Map.of());
        }
        return shop;
    }
}
