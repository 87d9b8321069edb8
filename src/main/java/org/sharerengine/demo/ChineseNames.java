package org.sharerengine.demo;

import java.util.Random;

/** Plausible Chinese personal names for demo sharers, drawn from the demo's seeded random. */
final class ChineseNames {

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
            "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "欧阳"};
    private static final String[] GIVEN_NAMES = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
            "娟", "涛", "明", "超", "霞", "平", "刚", "婷", "雪", "慧", "鑫", "宇", "欣", "晨", "佳", "琳", "浩", "子涵", "雨桐",
            "梓萱", "一诺", "思远", "晓燕", "建国", "秀英", "桂兰", "海燕", "志强", "文静", "嘉怡", "俊杰", "春梅"};
    private static final String[] MOBILE_PREFIXES = {"135", "136", "138", "139", "150", "158", "159", "177", "186", "187", "188"};

    private ChineseNames() {
    }

    static String name(Random random) {
        return SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN_NAMES[random.nextInt(GIVEN_NAMES.length)];
    }

    static String mobile(Random random) {
        return MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] + String.format("%08d", random.nextInt(100_000_000));
    }
}
