-- 服务目录: the service categories residents order from, with their SLA (限时办结).
CREATE TABLE catalog_category (
    code        text PRIMARY KEY,
    name        text    NOT NULL,
    description text    NOT NULL,
    sla_hours   integer NOT NULL DEFAULT 72 CHECK (sla_hours > 0),
    position    integer NOT NULL
);

INSERT INTO catalog_category (code, name, description, position) VALUES
    ('THEORY',       '理论宣讲', '党的创新理论和时事政策进村入户宣讲', 1),
    ('POLICY',       '政策宣传', '惠民政策解读，帮助群众了解办事流程', 2),
    ('ETHICS',       '文明风尚', '移风易俗、文明礼仪和身边好人宣传', 3),
    ('CULTURE',      '文化文艺', '文艺演出、群众文化活动和非遗传承', 4),
    ('LAW',          '法律服务', '法律咨询、普法宣传和矛盾纠纷调解', 5),
    ('SCIENCE',      '科技科普', '科学知识普及、农业技术指导和防诈骗宣传', 6),
    ('HEALTH',       '医疗健康', '义诊、健康讲座和急救知识培训', 7),
    ('ELDERLY',      '助老敬老', '关爱空巢独居老人，上门探访和生活帮扶', 8),
    ('HOUSEKEEPING', '家政便民', '家电维修、理发等便民服务进社区', 9),
    ('ENVIRONMENT',  '环境卫生', '人居环境整治、垃圾分类和清洁家园', 10);
