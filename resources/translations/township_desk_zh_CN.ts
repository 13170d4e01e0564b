<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="170"/>
        <source>保存</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="171"/>
        <source>不保存</source>
        <translation>不保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="172"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="112"/>
        <source>确定</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="113"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CaseDetailWindow</name>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="158"/>
        <source>案件详情</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="192"/>
        <source>当事人</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="201"/>
        <location filename="../../desktop/ui/case_detail.py" line="332"/>
        <source>显示完整身份证号和电话</source>
        <translation>显示完整身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="208"/>
        <source>办理经过</source>
        <translation>办理经过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="215"/>
        <source>附件</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="220"/>
        <source>添加附件…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="227"/>
        <source>修改案件信息</source>
        <translation>修改案件信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="230"/>
        <source>打印</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="235"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="261"/>
        <source>找不到该案件</source>
        <translation>找不到该案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="267"/>
        <source>案件 {0}</source>
        <translation>案件 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="275"/>
        <source>（已超期）</source>
        <translation>（已超期）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="278"/>
        <source>（3天内到期）</source>
        <translation>（3天内到期）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="283"/>
        <source>（无）</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="291"/>
        <source>县平台退回：</source>
        <translation>县平台退回：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="291"/>
        <source>（修改后保存会重新发送）</source>
        <translation>（修改后保存会重新发送）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="295"/>
        <source>事项概要：</source>
        <translation>事项概要：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="297"/>
        <source>诉求：</source>
        <translation>诉求：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="299"/>
        <source>办理结果：</source>
        <translation>办理结果：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="301"/>
        <source>满意度：</source>
        <translation>满意度：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="320"/>
        <source>（代表人：{0}）</source>
        <translation>（代表人：{0}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="332"/>
        <source>隐藏身份证号和电话</source>
        <translation>隐藏身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="357"/>
        <source>分流说明</source>
        <translation>分流说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="361"/>
        <source>办理结果</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="365"/>
        <source>人民调解员</source>
        <translation>人民调解员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="366"/>
        <source>记录人</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="372"/>
        <source>承办单位</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="377"/>
        <source>办理期限</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="388"/>
        <source>上报理由</source>
        <translation>上报理由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="393"/>
        <location filename="../../desktop/ui/case_detail.py" line="408"/>
        <source>（请选择）</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="396"/>
        <source>法律途径</source>
        <translation>法律途径</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="397"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="405"/>
        <source>回访方式</source>
        <translation>回访方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="406"/>
        <source>履行情况</source>
        <translation>履行情况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="411"/>
        <source>满意度</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="412"/>
        <source>有无激化苗头</source>
        <translation>有无激化苗头</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="413"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="424"/>
        <source>归档后案件不能再办理或修改。</source>
        <translation>归档后案件不能再办理或修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="433"/>
        <source>请确认</source>
        <translation>请确认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="433"/>
        <source>“{0}”后不能撤销，确定继续吗？</source>
        <translation>“{0}”后不能撤销，确定继续吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="459"/>
        <source>选择扫描件或照片</source>
        <translation>选择扫描件或照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="460"/>
        <source>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</source>
        <translation>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>CaseEditor</name>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="257"/>
        <source>（请选择）</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="266"/>
        <source>来源渠道</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="267"/>
        <source>纠纷/诉求类别</source>
        <translation>纠纷/诉求类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="268"/>
        <source>所属村（社区）</source>
        <translation>所属村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="269"/>
        <source>风险等级</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="270"/>
        <source>难易程度</source>
        <translation>难易程度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="271"/>
        <source>事项概要</source>
        <translation>事项概要</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="272"/>
        <source>诉求</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="285"/>
        <source>添加当事人</source>
        <translation>添加当事人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="292"/>
        <source>附件（扫描件、照片）</source>
        <translation>附件（扫描件、照片）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="296"/>
        <source>添加附件…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="359"/>
        <source>选择扫描件或照片</source>
        <translation>选择扫描件或照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="360"/>
        <source>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</source>
        <translation>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>CaseFormDialog</name>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="437"/>
        <source>修改案件</source>
        <translation>修改案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="437"/>
        <source>登记新案件</source>
        <translation>登记新案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="449"/>
        <source>保存 (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="453"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="478"/>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="488"/>
        <source>找不到该案件</source>
        <translation>找不到该案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="491"/>
        <source>修改案件 {0}</source>
        <translation>修改案件 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="553"/>
        <source>正在保存…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="562"/>
        <source>已保存，案件编号 {0}</source>
        <translation>已保存，案件编号 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="567"/>
        <source>附件</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="567"/>
        <source>以下附件未能保存：{0}</source>
        <translation>以下附件未能保存：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="568"/>
        <source>已登记</source>
        <translation>已登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="568"/>
        <source>案件已登记，编号 {0}。
是否打印受理回执？</source>
        <translation>案件已登记，编号 {0}。
是否打印受理回执？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="578"/>
        <source>请按红色提示修改后再保存</source>
        <translation>请按红色提示修改后再保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="595"/>
        <source>尚未保存</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="595"/>
        <source>填写的内容尚未保存，是否保存？</source>
        <translation>填写的内容尚未保存，是否保存？</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../desktop/ui/case_model.py" line="170"/>
        <source>已超期</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_model.py" line="170"/>
        <source>3天内到期</source>
        <translation>3天内到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_model.py" line="212"/>
        <source>超期 </source>
        <translation>超期 </translation>
    </message>
</context>
<context>
    <name>CasesScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="48"/>
        <source>案件</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="52"/>
        <source>搜索：姓名、编号、事项内容、身份证号或电话（Ctrl+F）</source>
        <translation>搜索：姓名、编号、事项内容、身份证号或电话（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="54"/>
        <source>新案件 (Ctrl+N)</source>
        <translation>新案件 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="61"/>
        <source>全部状态</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="62"/>
        <source>未办结</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="65"/>
        <source>全部类别</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="66"/>
        <source>全部渠道</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="67"/>
        <source>全部村（社区）</source>
        <translation>全部村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="68"/>
        <source>全部风险</source>
        <translation>全部风险</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="71"/>
        <source>只看超期</source>
        <translation>只看超期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="72"/>
        <source>3天内到期</source>
        <translation>3天内到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="76"/>
        <source>清除条件</source>
        <translation>清除条件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="86"/>
        <source>登记日期</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="89"/>
        <source>至</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="146"/>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="155"/>
        <source>不限</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/cases.py" line="265"/>
        <source>共 {0} 件</source>
        <translation>共 {0} 件</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="112"/>
        <source>程序出错</source>
        <translation>程序出错</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="117"/>
        <source>很抱歉，程序遇到了一个意外错误。已保存的数据不受影响。
请点“复制详情”并发给技术支持人员（详情中不含姓名、身份证号等个人信息）。</source>
        <translation>很抱歉，程序遇到了一个意外错误。已保存的数据不受影响。
请点“复制详情”并发给技术支持人员（详情中不含姓名、身份证号等个人信息）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="122"/>
        <source>复制详情</source>
        <translation>复制详情</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="60"/>
        <source>工作台</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="62"/>
        <source>今日接待（人）</source>
        <translation>今日接待（人）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="63"/>
        <source>今日登记案件（件）</source>
        <translation>今日登记案件（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="64"/>
        <source>我的待办（件）</source>
        <translation>我的待办（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="65"/>
        <source>已超期（件）</source>
        <translation>已超期（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="66"/>
        <source>3天内到期（件）</source>
        <translation>3天内到期（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="67"/>
        <source>待发送记录（条）</source>
        <translation>待发送记录（条）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="78"/>
        <source>我的待办（首问或承办）</source>
        <translation>我的待办（首问或承办）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="79"/>
        <source>已超期</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="80"/>
        <source>3天内到期</source>
        <translation>3天内到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="81"/>
        <source>今日网上预约</source>
        <translation>今日网上预约</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="146"/>
        <source>暂无待办</source>
        <translation>暂无待办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="147"/>
        <source>没有超期案件</source>
        <translation>没有超期案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="148"/>
        <source>没有即将到期的案件</source>
        <translation>没有即将到期的案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="156"/>
        <source>今日没有网上预约</source>
        <translation>今日没有网上预约</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="157"/>
        <source>待发送到县平台：{0} 条</source>
        <translation>待发送到县平台：{0} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="159"/>
        <source>被退回或冲突：{0} 条，</source>
        <translation>被退回或冲突：{0} 条，</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="159"/>
        <source>去处理</source>
        <translation>去处理</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="157"/>
        <source>程序出错</source>
        <translation>程序出错</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="33"/>
        <source>首次使用：设置中心和管理员账号</source>
        <translation>首次使用：设置中心和管理员账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="35"/>
        <source>欢迎使用社会治理服务中心工作台</source>
        <translation>欢迎使用社会治理服务中心工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="36"/>
        <source>请填写本中心的基本信息，并创建第一个管理员账号。以后可在“设置”中修改。</source>
        <translation>请填写本中心的基本信息，并创建第一个管理员账号。以后可在“设置”中修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="42"/>
        <source>中心名称</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="43"/>
        <source>乡镇（街道）名称</source>
        <translation>乡镇（街道）名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="44"/>
        <source>乡镇代码</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="45"/>
        <source>人民调解委员会名称</source>
        <translation>人民调解委员会名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="46"/>
        <source>调委会简称（卷号用）</source>
        <translation>调委会简称（卷号用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="47"/>
        <source>管理员用户名</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="48"/>
        <source>管理员姓名</source>
        <translation>管理员姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="49"/>
        <source>密码（至少6位）</source>
        <translation>密码（至少6位）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="50"/>
        <source>再次输入密码</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="65"/>
        <source>创建并进入</source>
        <translation>创建并进入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="76"/>
        <source>请填写中心名称</source>
        <translation>请填写中心名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="79"/>
        <source>乡镇代码应为6到12位数字</source>
        <translation>乡镇代码应为6到12位数字</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run.py" line="81"/>
        <source>两次输入的密码不一致</source>
        <translation>两次输入的密码不一致</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/ui/login.py" line="22"/>
        <source>乡镇社会治理服务中心</source>
        <translation>乡镇社会治理服务中心</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="22"/>
        <source>登录 - 社会治理服务中心工作台</source>
        <translation>登录 - 社会治理服务中心工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="31"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="32"/>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="40"/>
        <source>登录</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="41"/>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="51"/>
        <source>请输入用户名</source>
        <translation>请输入用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="55"/>
        <source>正在验证…</source>
        <translation>正在验证…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="71"/>
        <source>社会治理服务中心</source>
        <translation>社会治理服务中心</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="71"/>
        <source>社会治理服务中心工作台</source>
        <translation>社会治理服务中心工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="207"/>
        <source>文件(&amp;F)</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="208"/>
        <source>立即备份</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="210"/>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211"/>
        <source>案件(&amp;C)</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="212"/>
        <source>新接待</source>
        <translation>新接待</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="213"/>
        <source>新案件</source>
        <translation>新案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="214"/>
        <source>搜索案件</source>
        <translation>搜索案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="216"/>
        <source>刷新</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="217"/>
        <source>工具(&amp;T)</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="218"/>
        <source>同步</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="219"/>
        <source>统计</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="220"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="221"/>
        <source>转到(&amp;G)</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="225"/>
        <source>帮助(&amp;H)</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="226"/>
        <location filename="../../desktop/ui/main_window.py" line="230"/>
        <source>快捷键</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="227"/>
        <location filename="../../desktop/ui/main_window.py" line="235"/>
        <source>关于</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="232"/>
        <source>F2  新接待
Ctrl+N  新案件
Ctrl+F  搜索案件
F5  刷新
Ctrl+1 … Ctrl+9、Ctrl+0  切换页面
Ctrl+S  保存当前表单
Esc  关闭对话框</source>
        <translation>F2  新接待
Ctrl+N  新案件
Ctrl+F  搜索案件
F5  刷新
Ctrl+1 … Ctrl+9、Ctrl+0  切换页面
Ctrl+S  保存当前表单
Esc  关闭对话框</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="235"/>
        <source>乡镇社会治理服务中心工作台
离线优先：所有数据先保存在本机，联网后自动同步到县平台。</source>
        <translation>乡镇社会治理服务中心工作台
离线优先：所有数据先保存在本机，联网后自动同步到县平台。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="242"/>
        <source>已备份：</source>
        <translation>已备份：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="250"/>
        <source>未登录</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="250"/>
        <source>当前用户：</source>
        <translation>当前用户：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="279"/>
        <source>待发送 {0} 条</source>
        <translation>待发送 {0} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="281"/>
        <source>，被退回/冲突 {0} 条</source>
        <translation>，被退回/冲突 {0} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="329"/>
        <source>尚未保存</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="329"/>
        <source>以下内容尚未保存：
{0}

确定要退出吗？未保存的内容将丢失。</source>
        <translation>以下内容尚未保存：
{0}

确定要退出吗？未保存的内容将丢失。</translation>
    </message>
</context>
<context>
    <name>PartyEditor</name>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="75"/>
        <source>18位身份证号码，自动识别出生日期和性别</source>
        <translation>18位身份证号码，自动识别出生日期和性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="77"/>
        <source>（未填）</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="93"/>
        <source>删除此当事人</source>
        <translation>删除此当事人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="100"/>
        <source>身份</source>
        <translation>身份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="103"/>
        <location filename="../../desktop/ui/case_form.py" line="150"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="104"/>
        <source>法定代表人/负责人</source>
        <translation>法定代表人/负责人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="105"/>
        <source>职务</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="106"/>
        <source>身份证号码</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="107"/>
        <source>性别</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="108"/>
        <source>出生日期</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="109"/>
        <source>民族</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="110"/>
        <source>联系电话</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="111"/>
        <source>职业或职务</source>
        <translation>职业或职务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="112"/>
        <source>单位或住址</source>
        <translation>单位或住址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="141"/>
        <source>当事人 {0}</source>
        <translation>当事人 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="150"/>
        <source>单位名称</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="193"/>
        <source>此人近 {0} 天已来访 {1} 次</source>
        <translation>此人近 {0} 天已来访 {1} 次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="194"/>
        <source>查看相关案件</source>
        <translation>查看相关案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="205"/>
        <source>出生日期格式应为 YYYY-MM-DD</source>
        <translation>出生日期格式应为 YYYY-MM-DD</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="52"/>
        <source>上一页</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="53"/>
        <source>下一页</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="55"/>
        <source>缩小</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="56"/>
        <source>放大</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="57"/>
        <source>适合宽度</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="58"/>
        <source>打印…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="59"/>
        <source>另存为…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="60"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="116"/>
        <source>第 %1 / %2 页</source>
        <translation>第 %1 / %2 页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="151"/>
        <source>打印 %1</source>
        <translation>打印 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="165"/>
        <source>打印失败</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="165"/>
        <source>无法连接打印机，请检查打印机后重试。</source>
        <translation>无法连接打印机，请检查打印机后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="192"/>
        <source>另存为</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="192"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="200"/>
        <source>保存失败</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="201"/>
        <source>无法保存文件：%1</source>
        <translation>无法保存文件：%1</translation>
    </message>
</context>
<context>
    <name>PlaceholderScreen</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="52"/>
        <source>此功能尚未安装。</source>
        <translation>此功能尚未安装。</translation>
    </message>
</context>
<context>
    <name>ReceptionScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="55"/>
        <source>接待受理</source>
        <translation>接待受理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="60"/>
        <source>5人及以上为集体访，请及时报告中心负责人</source>
        <translation>5人及以上为集体访，请及时报告中心负责人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="78"/>
        <source>当场答复（咨询类，不登记为案件）</source>
        <translation>当场答复（咨询类，不登记为案件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="87"/>
        <source>来访方式</source>
        <translation>来访方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="88"/>
        <source>来访人数</source>
        <translation>来访人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="89"/>
        <source>来访人姓名</source>
        <translation>来访人姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="90"/>
        <source>身份证号码</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="91"/>
        <source>联系电话</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="92"/>
        <source>所属村（社区）</source>
        <translation>所属村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="93"/>
        <source>来访事由</source>
        <translation>来访事由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="95"/>
        <source>答复内容</source>
        <translation>答复内容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="117"/>
        <source>保存接待记录</source>
        <translation>保存接待记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="119"/>
        <source>登记为案件…</source>
        <translation>登记为案件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="121"/>
        <source>清空</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="129"/>
        <source>今日接待</source>
        <translation>今日接待</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="131"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="131"/>
        <source>方式</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="131"/>
        <source>人数</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="131"/>
        <source>来访人</source>
        <translation>来访人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="132"/>
        <source>身份证号</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="132"/>
        <source>结果</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="237"/>
        <source>此人近 {0} 天已来访 {1} 次</source>
        <translation>此人近 {0} 天已来访 {1} 次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="238"/>
        <source>查看相关案件</source>
        <translation>查看相关案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="264"/>
        <source>接待记录已保存</source>
        <translation>接待记录已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="312"/>
        <source>已登记为案件</source>
        <translation>已登记为案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="336"/>
        <source>当场答复</source>
        <translation>当场答复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="336"/>
        <source>已登记案件</source>
        <translation>已登记案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="337"/>
        <source>已登记</source>
        <translation>已登记</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="91"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="102"/>
        <source>保存设置</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="143"/>
        <source>中心名称</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="144"/>
        <source>乡镇（街道）名称</source>
        <translation>乡镇（街道）名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="145"/>
        <source>乡镇代码</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="146"/>
        <source>人民调解委员会名称</source>
        <translation>人民调解委员会名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="147"/>
        <source>调委会简称（卷号用）</source>
        <translation>调委会简称（卷号用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="148"/>
        <source>司法确认管辖法院</source>
        <translation>司法确认管辖法院</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="149"/>
        <source>中心联系电话（印在回执上）</source>
        <translation>中心联系电话（印在回执上）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="150"/>
        <source>县平台地址</source>
        <translation>县平台地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="151"/>
        <source>允许不加密的 http 连接（仅限内网，不推荐）</source>
        <translation>允许不加密的 http 连接（仅限内网，不推荐）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="152"/>
        <source>登记本机/测试连接…</source>
        <translation>登记本机/测试连接…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="160"/>
        <source>中心信息</source>
        <translation>中心信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="165"/>
        <source>每行一项。</source>
        <translation>每行一项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="166"/>
        <source>纠纷/诉求类别</source>
        <translation>纠纷/诉求类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="167"/>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="168"/>
        <source>承办单位（站所办）</source>
        <translation>承办单位（站所办）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="172"/>
        <source>类别与名录</source>
        <translation>类别与名录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="177"/>
        <source> 天</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="183"/>
        <source>简单事项办理期限</source>
        <translation>简单事项办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="184"/>
        <source>一般事项办理期限</source>
        <translation>一般事项办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="185"/>
        <source>复杂事项办理期限</source>
        <translation>复杂事项办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="186"/>
        <source>调解期限</source>
        <translation>调解期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="187"/>
        <source>重复来访统计天数</source>
        <translation>重复来访统计天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="191"/>
        <source>字体大小</source>
        <translation>字体大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="192"/>
        <source>期限与显示</source>
        <translation>期限与显示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="199"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="199"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="199"/>
        <source>角色</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="199"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="205"/>
        <source>新建账号…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="206"/>
        <source>停用/启用</source>
        <translation>停用/启用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="207"/>
        <source>重置密码…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="216"/>
        <source>账号管理</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="221"/>
        <source>数据每次升级前会自动备份。也可以随时手动备份，或从备份恢复。</source>
        <translation>数据每次升级前会自动备份。也可以随时手动备份，或从备份恢复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="226"/>
        <source>立即备份</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="228"/>
        <source>从选中的备份恢复…</source>
        <translation>从选中的备份恢复…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="236"/>
        <source>备份与恢复</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="279"/>
        <source>地址应以 https:// 开头</source>
        <translation>地址应以 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="282"/>
        <source>乡镇代码应为6到12位数字</source>
        <translation>乡镇代码应为6到12位数字</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="285"/>
        <source>至少需要一个类别</source>
        <translation>至少需要一个类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="287"/>
        <source>请填写中心名称</source>
        <translation>请填写中心名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="329"/>
        <source>设置已保存</source>
        <translation>设置已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="349"/>
        <location filename="../../desktop/ui/screens/settings.py" line="358"/>
        <source>可用</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="349"/>
        <source>已停用</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="394"/>
        <source>停用账号</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="394"/>
        <source>确定停用账号 {0} 吗？</source>
        <translation>确定停用账号 {0} 吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="405"/>
        <source>重置密码</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="405"/>
        <source>新密码（至少6位）：</source>
        <translation>新密码（至少6位）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="410"/>
        <source>密码已重置</source>
        <translation>密码已重置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="436"/>
        <source>已备份：{0}</source>
        <translation>已备份：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="451"/>
        <source>恢复</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="451"/>
        <source>请先在列表中选择一个备份。</source>
        <translation>请先在列表中选择一个备份。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="454"/>
        <source>从备份恢复</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="455"/>
        <source>恢复会用所选备份替换当前数据（当前数据会先自动备份）。
恢复后程序将关闭，请重新打开。

确定恢复吗？</source>
        <translation>恢复会用所选备份替换当前数据（当前数据会先自动备份）。
恢复后程序将关闭，请重新打开。

确定恢复吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="464"/>
        <source>恢复完成</source>
        <translation>恢复完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="464"/>
        <source>数据已恢复，程序将关闭，请重新打开。</source>
        <translation>数据已恢复，程序将关闭，请重新打开。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="476"/>
        <source>登记本机</source>
        <translation>登记本机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="476"/>
        <source>同步功能尚未安装。</source>
        <translation>同步功能尚未安装。</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="59"/>
        <source>新建账号</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="68"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="68"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="69"/>
        <source>角色</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="69"/>
        <source>初始密码</source>
        <translation>初始密码</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <location filename="../../desktop/ui/printing.py" line="34"/>
        <source>打印</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="34"/>
        <source>打印功能尚未安装，请联系技术人员。</source>
        <translation>打印功能尚未安装，请联系技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="43"/>
        <source>受理回执</source>
        <translation>受理回执</translation>
    </message>
</context>
</TS>
