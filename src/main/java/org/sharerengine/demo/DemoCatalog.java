package org.sharerengine.demo;

import java.util.List;
import org.sharerengine.catalog.CommissionMode;
import org.sharerengine.catalog.Products;
import org.sharerengine.shared.ShopId;
import org.springframework.stereotype.Component;

/**
 * What the tea house sells. Twelve products are in the promoted library, four for each
 * commission mode; the rest are sold too but earn nobody anything, as in a real shop where
 * only part of the range is promoted.
 */
@Component
class DemoCatalog {

    /**
     * A product on sale at {@code priceFen}; {@code popularity} weighs how often it is bought.
     * {@code mode} is null for products outside the promoted library; {@code level1}/{@code level2}
     * are basis points (FIXED_RATE) or fen per unit (FIXED_AMOUNT).
     */
    record Item(String productId, String name, long priceFen, int popularity, CommissionMode mode, Long level1, Long level2) {

        boolean promoted() {
            return mode != null;
        }
    }

    static final List<Item> ITEMS = List.of(
            // 按等级比例: the shop's level rates (6 % / 1 % by default).
            new Item("longjing-250g", "西湖龙井 明前特级 250g", 368_00, 14, CommissionMode.LEVEL_RATE, null, null),
            new Item("puer-cake-357g", "云南普洱熟茶饼 357g", 198_00, 12, CommissionMode.LEVEL_RATE, null, null),
            new Item("tieguanyin-500g", "安溪铁观音 清香型 500g", 158_00, 10, CommissionMode.LEVEL_RATE, null, null),
            new Item("silver-needle-gift", "福鼎白毫银针礼盒", 588_00, 5, CommissionMode.LEVEL_RATE, null, null),
            // 按固定比例: the same rate whoever sells it; the tea set pays no invite reward.
            new Item("dahongpao-200g", "武夷大红袍 200g", 268_00, 9, CommissionMode.FIXED_RATE, 1_000L, 200L),
            new Item("jinjunmei-100g", "正山小种 金骏眉 100g", 228_00, 8, CommissionMode.FIXED_RATE, 1_200L, 300L),
            new Item("jasmine-tin", "茉莉花茶 罐装 100g", 68_00, 13, CommissionMode.FIXED_RATE, 800L, 150L),
            new Item("ru-kiln-tea-set", "汝窑功夫茶具套装", 399_00, 4, CommissionMode.FIXED_RATE, 1_500L, null),
            // Fixed amount per unit sold.
            new Item("gift-card-200", "茶铺储值卡 ¥200", 200_00, 6, CommissionMode.FIXED_AMOUNT, 10_00L, 2_00L),
            new Item("travel-cup", "便携旅行泡茶杯", 89_00, 9, CommissionMode.FIXED_AMOUNT, 8_00L, 1_00L),
            new Item("tasting-box", "名茶品鉴小样盒", 39_90, 15, CommissionMode.FIXED_AMOUNT, 3_00L, 50L),
            new Item("xiaoqinggan", "新会小青柑普洱 罐装", 128_00, 10, CommissionMode.FIXED_AMOUNT, 15_00L, 3_00L),
            // Not promoted: sold, but no commission.
            new Item("electric-stove", "静音电陶炉", 459_00, 3, null, null, null),
            new Item("tea-towel", "棉麻茶巾", 19_90, 6, null, null, null),
            new Item("gift-bag", "礼品手提袋", 5_00, 8, null, null, null));

    private final Products products;

    DemoCatalog(Products products) {
        this.products = products;
    }

    List<Item> stock(ShopId shop) {
        for (Item item : ITEMS) {
            if (item.promoted()) {
                products.put(shop, item.productId(),
                        new Products.ProductTerms(item.name(), item.mode(), item.level1(), item.level2(), null));
            }
        }
        return ITEMS;
    }
}
