<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="134"/>
        <source>确定</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="135"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="242"/>
        <source>创建管理员账号</source>
        <translation>创建管理员账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="243"/>
        <source>管理员可以创建其他工作人员的账号。请牢记密码。</source>
        <translation>管理员可以创建其他工作人员的账号。请牢记密码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="245"/>
        <source>创建账号</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="247"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="248"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="249"/>
        <source>密码（至少6位）</source>
        <translation>密码（至少6位）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="250"/>
        <source>再次输入密码</source>
        <translation>再次输入密码</translation>
    </message>
</context>
<context>
    <name>AgreementTab</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="48"/>
        <source>口头协议（只登记协议内容，不制作协议书）</source>
        <translation>口头协议（只登记协议内容，不制作协议书）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="59"/>
        <source>履行期限</source>
        <translation>履行期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="72"/>
        <source> 份</source>
        <translation> 份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="73"/>
        <source>保存协议</source>
        <translation>保存协议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="79"/>
        <source>协议编号</source>
        <translation>协议编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="81"/>
        <source>纠纷主要事实、争议事项</source>
        <translation>纠纷主要事实、争议事项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="82"/>
        <source>经调解，自愿达成如下协议：</source>
        <translation>经调解，自愿达成如下协议：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="85"/>
        <source>履行方式、时限</source>
        <translation>履行方式、时限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="88"/>
        <source>协议份数</source>
        <translation>协议份数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="91"/>
        <source>协议状态与司法确认</source>
        <translation>协议状态与司法确认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="94"/>
        <source>标记已打印</source>
        <translation>标记已打印</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="95"/>
        <source>标记已签字</source>
        <translation>标记已签字</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="96"/>
        <source>标记已生效</source>
        <translation>标记已生效</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="103"/>
        <source>记录已申请司法确认</source>
        <translation>记录已申请司法确认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="136"/>
        <source>（保存后自动编号）</source>
        <translation>（保存后自动编号）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="142"/>
        <source>尚未制作协议</source>
        <translation>尚未制作协议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="145"/>
        <source>状态：%s</source>
        <translation>状态：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="158"/>
        <source>协议生效后可在30日内共同申请司法确认</source>
        <translation>协议生效后可在30日内共同申请司法确认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="163"/>
        <source>已申请司法确认（%s）</source>
        <translation>已申请司法确认（%s）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="169"/>
        <source>司法确认申请期限剩余 %d 天</source>
        <translation>司法确认申请期限剩余 %d 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="171"/>
        <source>已超过司法确认申请期限 %d 天</source>
        <translation>已超过司法确认申请期限 %d 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="206"/>
        <source>标记为“%s”后协议内容不能再修改。</source>
        <translation>标记为“%s”后协议内容不能再修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="209"/>
        <source>生效日起30日内可共同申请司法确认。</source>
        <translation>生效日起30日内可共同申请司法确认。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="209"/>
        <source>调解协议</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/agreement_tab.py" line="209"/>
        <source>确定吗？</source>
        <translation>确定吗？</translation>
    </message>
</context>
<context>
    <name>CaseDetailWindow</name>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="181"/>
        <source>案件详情</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="228"/>
        <source>当事人</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="237"/>
        <location filename="../../desktop/ui/case_detail.py" line="395"/>
        <source>显示完整身份证号和电话</source>
        <translation>显示完整身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="244"/>
        <source>办理经过</source>
        <translation>办理经过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="252"/>
        <source>附件</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="257"/>
        <source>添加附件…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="259"/>
        <source>另存附件…</source>
        <translation>另存附件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="261"/>
        <source>把选中的附件解密另存为文件，以便查看或打印（记入审计日志）</source>
        <translation>把选中的附件解密另存为文件，以便查看或打印（记入审计日志）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="275"/>
        <source>修改案件信息</source>
        <translation>修改案件信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="278"/>
        <source>打印</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="283"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="309"/>
        <source>找不到该案件</source>
        <translation>找不到该案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="315"/>
        <source>案件 {0}</source>
        <translation>案件 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="323"/>
        <source>（已超期）</source>
        <translation>（已超期）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="326"/>
        <source>（3天内到期）</source>
        <translation>（3天内到期）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="331"/>
        <source>（无）</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="339"/>
        <source>县平台退回：</source>
        <translation>县平台退回：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="339"/>
        <source>（修改后保存会重新发送）</source>
        <translation>（修改后保存会重新发送）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="343"/>
        <source>事项概要：</source>
        <translation>事项概要：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="345"/>
        <source>诉求：</source>
        <translation>诉求：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="347"/>
        <source>办理结果：</source>
        <translation>办理结果：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="349"/>
        <source>满意度：</source>
        <translation>满意度：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="373"/>
        <source>（代表人：{0}）</source>
        <translation>（代表人：{0}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="395"/>
        <source>隐藏身份证号和电话</source>
        <translation>隐藏身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="422"/>
        <source>分流说明</source>
        <translation>分流说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="426"/>
        <source>办理结果</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="432"/>
        <source>可留空，由人民调解室指派</source>
        <translation>可留空，由人民调解室指派</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="433"/>
        <source>人民调解员</source>
        <translation>人民调解员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="434"/>
        <source>记录人</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="440"/>
        <source>承办单位</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="445"/>
        <source>办理期限</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="456"/>
        <source>上报理由</source>
        <translation>上报理由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="461"/>
        <location filename="../../desktop/ui/case_detail.py" line="482"/>
        <source>（请选择）</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="464"/>
        <source>法律途径</source>
        <translation>法律途径</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="465"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="473"/>
        <source>回访方式</source>
        <translation>回访方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="475"/>
        <source>被回访人</source>
        <translation>被回访人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="478"/>
        <source>可留空：回访协议履行情况及当事人满意度</source>
        <translation>可留空：回访协议履行情况及当事人满意度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="479"/>
        <source>回访事由</source>
        <translation>回访事由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="480"/>
        <source>履行情况</source>
        <translation>履行情况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="485"/>
        <source>满意度</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="486"/>
        <source>有无激化苗头</source>
        <translation>有无激化苗头</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="487"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="498"/>
        <source>归档后案件不能再办理或修改。</source>
        <translation>归档后案件不能再办理或修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="507"/>
        <source>请确认</source>
        <translation>请确认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="507"/>
        <source>“{0}”后不能撤销，确定继续吗？</source>
        <translation>“{0}”后不能撤销，确定继续吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="531"/>
        <source>选择扫描件或照片</source>
        <translation>选择扫描件或照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="532"/>
        <source>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</source>
        <translation>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="550"/>
        <source>请先选中一个附件</source>
        <translation>请先选中一个附件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="553"/>
        <source>另存附件</source>
        <translation>另存附件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="562"/>
        <source>附件已另存到 %s</source>
        <translation>附件已另存到 %s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_detail.py" line="577"/>
        <source>卷宗纸质材料…</source>
        <translation>卷宗纸质材料…</translation>
    </message>
</context>
<context>
    <name>CaseEditor</name>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="282"/>
        <source>（请选择）</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="291"/>
        <source>来源渠道</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="292"/>
        <source>纠纷/诉求类别</source>
        <translation>纠纷/诉求类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="293"/>
        <source>所属村（社区）</source>
        <translation>所属村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="294"/>
        <source>风险等级</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="295"/>
        <source>难易程度</source>
        <translation>难易程度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="296"/>
        <source>事项概要</source>
        <translation>事项概要</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="297"/>
        <source>诉求</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="315"/>
        <source>添加当事人</source>
        <translation>添加当事人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="322"/>
        <source>附件（扫描件、照片）</source>
        <translation>附件（扫描件、照片）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="326"/>
        <source>添加附件…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="390"/>
        <source>选择扫描件或照片</source>
        <translation>选择扫描件或照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="391"/>
        <source>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</source>
        <translation>图片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>CaseFileMaterialsDialog</name>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="43"/>
        <source>卷宗纸质材料</source>
        <translation>卷宗纸质材料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="47"/>
        <source>登记只有纸质原件或扫描件的材料及页数，打印卷宗时列入卷内目录并计入页码。权利义务告知书、当事人身份证明为必备材料。</source>
        <translation>登记只有纸质原件或扫描件的材料及页数，打印卷宗时列入卷内目录并计入页码。权利义务告知书、当事人身份证明为必备材料。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="52"/>
        <location filename="../../desktop/ui/case_file_materials.py" line="72"/>
        <source>材料名称</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="52"/>
        <location filename="../../desktop/ui/case_file_materials.py" line="72"/>
        <source>页数</source>
        <translation>页数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="52"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="52"/>
        <location filename="../../desktop/ui/case_file_materials.py" line="78"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="67"/>
        <location filename="../../desktop/ui/case_file_materials.py" line="109"/>
        <source>扫描件</source>
        <translation>扫描件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="85"/>
        <source>添加</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="88"/>
        <source>删除所选</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="91"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="110"/>
        <source>纸质</source>
        <translation>纸质</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_file_materials.py" line="135"/>
        <source>请先在列表中选择一份材料</source>
        <translation>请先在列表中选择一份材料</translation>
    </message>
</context>
<context>
    <name>CaseFormDialog</name>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="559"/>
        <source>修改案件</source>
        <translation>修改案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="559"/>
        <source>登记新案件</source>
        <translation>登记新案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="571"/>
        <source>保存 (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="575"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="600"/>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="610"/>
        <source>找不到该案件</source>
        <translation>找不到该案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="613"/>
        <source>修改案件 {0}</source>
        <translation>修改案件 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="676"/>
        <source>正在保存…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="685"/>
        <source>已保存，案件编号 {0}</source>
        <translation>已保存，案件编号 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="688"/>
        <source>附件</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="688"/>
        <source>以下附件未能保存：{0}</source>
        <translation>以下附件未能保存：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="690"/>
        <source>已登记</source>
        <translation>已登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="690"/>
        <source>案件已登记，编号 {0}。
是否打印受理回执？</source>
        <translation>案件已登记，编号 {0}。
是否打印受理回执？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="653"/>
        <location filename="../../desktop/ui/case_form.py" line="702"/>
        <source>请按红色提示修改后再保存</source>
        <translation>请按红色提示修改后再保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="719"/>
        <source>尚未保存</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="719"/>
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
    <name>CenterPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="192"/>
        <source>中心信息</source>
        <translation>中心信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="193"/>
        <source>这些信息会打印在受理回执和调解文书上，以后可在“设置”中修改。</source>
        <translation>这些信息会打印在受理回执和调解文书上，以后可在“设置”中修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="198"/>
        <source>中心名称</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="198"/>
        <source>例如：示范镇社会治理服务中心</source>
        <translation>例如：示范镇社会治理服务中心</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="199"/>
        <source>乡镇（街道）名称</source>
        <translation>乡镇（街道）名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="199"/>
        <source>例如：示范镇</source>
        <translation>例如：示范镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="200"/>
        <source>乡镇代码</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="200"/>
        <source>6到12位数字</source>
        <translation>6到12位数字</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="201"/>
        <source>人民调解委员会名称</source>
        <translation>人民调解委员会名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="201"/>
        <source>例如：示范镇人民调解委员会</source>
        <translation>例如：示范镇人民调解委员会</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="202"/>
        <source>调委会简称（卷号用）</source>
        <translation>调委会简称（卷号用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="202"/>
        <source>例如：示</source>
        <translation>例如：示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="203"/>
        <source>中心咨询电话</source>
        <translation>中心咨询电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="203"/>
        <source>印在受理回执上（可不填）</source>
        <translation>印在受理回执上（可不填）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="204"/>
        <source>司法确认受理法院</source>
        <translation>司法确认受理法院</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="204"/>
        <source>例如：示范县人民法院（可不填）</source>
        <translation>例如：示范县人民法院（可不填）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="205"/>
        <source>县平台地址</source>
        <translation>县平台地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="205"/>
        <source>https://…（可暂不填写）</source>
        <translation>https://…（可暂不填写）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="211"/>
        <source>允许不加密连接（http，仅在县信息中心明确要求时勾选）</source>
        <translation>允许不加密连接（http，仅在县信息中心明确要求时勾选）</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="59"/>
        <source>修改密码</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="62"/>
        <source>这是别人为您设置的初始密码。为保护群众个人信息，请先设置您自己的新密码。</source>
        <translation>这是别人为您设置的初始密码。为保护群众个人信息，请先设置您自己的新密码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="72"/>
        <source>新密码（至少6位）</source>
        <translation>新密码（至少6位）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="73"/>
        <source>再次输入</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="81"/>
        <source>保存新密码</source>
        <translation>保存新密码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="83"/>
        <source>退出程序</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="83"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="92"/>
        <source>两次输入的密码不一致</source>
        <translation>两次输入的密码不一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="97"/>
        <source>正在保存…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>CompactCaseDialog</name>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="495"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="524"/>
        <source>正在保存…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="531"/>
        <source>请按红色提示修改后再保存</source>
        <translation>请按红色提示修改后再保存</translation>
    </message>
</context>
<context>
    <name>CountyItemsScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="147"/>
        <source>预约时间</source>
        <translation>预约时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="148"/>
        <source>收到时间</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="150"/>
        <source>标题</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="150"/>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="150"/>
        <source>办理期限</source>
        <translation>办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="150"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="150"/>
        <source>案件编号</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="157"/>
        <location filename="../../desktop/ui/screens/county_items.py" line="240"/>
        <source>请选择一项</source>
        <translation>请选择一项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="162"/>
        <source>签收</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="163"/>
        <source>到访登记</source>
        <translation>到访登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="164"/>
        <source>登记为案件</source>
        <translation>登记为案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="165"/>
        <source>反馈</source>
        <translation>反馈</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="166"/>
        <source>打开关联案件</source>
        <translation>打开关联案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="181"/>
        <source>显示：</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="222"/>
        <source>（已超期）</source>
        <translation>（已超期）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="224"/>
        <source>（即将到期）</source>
        <translation>（即将到期）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="226"/>
        <source>·已解决</source>
        <translation>·已解决</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="227"/>
        <source>·未解决</source>
        <translation>·未解决</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="240"/>
        <source>没有符合条件的事项</source>
        <translation>没有符合条件的事项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="267"/>
        <source>该事项已不存在</source>
        <translation>该事项已不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="271"/>
        <source>状态：%s</source>
        <translation>状态：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="272"/>
        <source>村（社区）：%s&#x3000;上报/预约人：%s</source>
        <translation>村（社区）：%s&#x3000;上报/预约人：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="273"/>
        <source>收到：%s&#x3000;期限：%s</source>
        <translation>收到：%s&#x3000;期限：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="276"/>
        <source>预约时间：%s</source>
        <translation>预约时间：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="278"/>
        <source>签收：%s（%s）</source>
        <translation>签收：%s（%s）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="279"/>
        <source>内容：%s</source>
        <translation>内容：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="281"/>
        <source>反馈：%s（%s）</source>
        <translation>反馈：%s（%s）</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="118"/>
        <source>程序出错</source>
        <translation>程序出错</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="123"/>
        <source>很抱歉，程序遇到了一个意外错误。已保存的数据不受影响。
请点“复制详情”并发给技术支持人员（详情中不含姓名、身份证号等个人信息）。</source>
        <translation>很抱歉，程序遇到了一个意外错误。已保存的数据不受影响。
请点“复制详情”并发给技术支持人员（详情中不含姓名、身份证号等个人信息）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="128"/>
        <source>复制详情</source>
        <translation>复制详情</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="44"/>
        <source>数据库文件无法使用</source>
        <translation>数据库文件无法使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="51"/>
        <source>请选择一份完好的备份恢复（最新的在最上面）。原来的文件会另存在数据文件夹中，不会删除。</source>
        <translation>请选择一份完好的备份恢复（最新的在最上面）。原来的文件会另存在数据文件夹中，不会删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="51"/>
        <source>没有找到完好的备份。请不要删除数据文件夹，联系技术人员。</source>
        <translation>没有找到完好的备份。请不要删除数据文件夹，联系技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="55"/>
        <source>备份时间</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="55"/>
        <source>案件数</source>
        <translation>案件数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="55"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="63"/>
        <source>完好</source>
        <translation>完好</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="64"/>
        <source>已损坏</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="73"/>
        <source>恢复所选备份</source>
        <translation>恢复所选备份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="76"/>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery_dialog.py" line="103"/>
        <source>正在恢复…</source>
        <translation>正在恢复…</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="67"/>
        <source>工作台</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="69"/>
        <source>今日接待（人）</source>
        <translation>今日接待（人）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="70"/>
        <source>今日登记案件（件）</source>
        <translation>今日登记案件（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="71"/>
        <source>我的待办（件）</source>
        <translation>我的待办（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="72"/>
        <source>已超期（件）</source>
        <translation>已超期（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="73"/>
        <source>3天内到期（件）</source>
        <translation>3天内到期（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="74"/>
        <source>待发送记录（条）</source>
        <translation>待发送记录（条）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="87"/>
        <source>我的待办（首问或承办）</source>
        <translation>我的待办（首问或承办）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="88"/>
        <source>已超期</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="89"/>
        <source>3天内到期</source>
        <translation>3天内到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="94"/>
        <source>今日网上预约</source>
        <translation>今日网上预约</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="90"/>
        <source>今日没有网上预约</source>
        <translation>今日没有网上预约</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="216"/>
        <source>待发送到县平台：{0} 条</source>
        <translation>待发送到县平台：{0} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="218"/>
        <source>被退回或冲突：{0} 条，</source>
        <translation>被退回或冲突：{0} 条，</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/dashboard.py" line="218"/>
        <source>去处理</source>
        <translation>去处理</translation>
    </message>
</context>
<context>
    <name>DemoPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="378"/>
        <source>演示数据（培训用）</source>
        <translation>演示数据（培训用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="379"/>
        <source>为培训生成虚构的案件、接待和调解记录。演示案件的编号带“D”，正式使用的电脑请不要勾选。</source>
        <translation>为培训生成虚构的案件、接待和调解记录。演示案件的编号带“D”，正式使用的电脑请不要勾选。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="381"/>
        <source>生成演示数据</source>
        <translation>生成演示数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="385"/>
        <source>案件数量</source>
        <translation>案件数量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="412"/>
        <source>正在生成演示数据，请稍候…</source>
        <translation>正在生成演示数据，请稍候…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard.py" line="423"/>
        <source>已生成 %n 件演示案件</source>
        <translation>
            <numerusform>已生成 %n 件演示案件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DirectMediationDialog</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/direct_dialog.py" line="27"/>
        <source>新建调解</source>
        <translation>新建调解</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/direct_dialog.py" line="28"/>
        <source>开始调解</source>
        <translation>开始调解</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/direct_dialog.py" line="29"/>
        <source>案件来源</source>
        <translation>案件来源</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="122"/>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="130"/>
        <source>加载更多</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="134"/>
        <source>导出完整身份证号和电话</source>
        <translation>导出完整身份证号和电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="137"/>
        <source>导出清单…</source>
        <translation>导出清单…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="142"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="159"/>
        <source>案件编号</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="159"/>
        <source>登记时间</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="159"/>
        <source>类别</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="159"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="160"/>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="160"/>
        <source>当事人</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="160"/>
        <source>身份证号</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="161"/>
        <source>承办</source>
        <translation>承办</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/screens/statistics.py" line="183"/>
        <source>共 %n 条记录（双击打开案件）</source>
        <translation>
            <numerusform>共 %n 条记录（双击打开案件）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="197"/>
        <source>导出清单</source>
        <translation>导出清单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="198"/>
        <source>Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/screens/statistics.py" line="213"/>
        <source>已导出 %n 条到 </source>
        <translation>
            <numerusform>已导出 %n 条到 </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="282"/>
        <source>注册本机（可跳过）</source>
        <translation>注册本机（可跳过）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="284"/>
        <source>用县平台管理员发放的一次性注册码注册本机，之后本机数据可与县平台同步。没有注册码可直接点“下一步”跳过，以后在“设置”中注册。</source>
        <translation>用县平台管理员发放的一次性注册码注册本机，之后本机数据可与县平台同步。没有注册码可直接点“下一步”跳过，以后在“设置”中注册。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="288"/>
        <source>县平台地址</source>
        <translation>县平台地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="289"/>
        <source>注册码</source>
        <translation>注册码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="290"/>
        <source>本机名称</source>
        <translation>本机名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="291"/>
        <source>例如：受理窗口1号机</source>
        <translation>例如：受理窗口1号机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="294"/>
        <source>测试连接</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="308"/>
        <source>此版本不含同步功能，请直接点“下一步”。</source>
        <translation>此版本不含同步功能，请直接点“下一步”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="326"/>
        <source>正在连接…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="355"/>
        <source>正在注册…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="367"/>
        <source>注册成功</source>
        <translation>注册成功</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="38"/>
        <source>登记本机</source>
        <translation>登记本机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="44"/>
        <source>县平台管理员发放的一次性登记码</source>
        <translation>县平台管理员发放的一次性登记码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="45"/>
        <source>乡镇工作台</source>
        <translation>乡镇工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="47"/>
        <source>测试连接</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="49"/>
        <source>登记</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="52"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="59"/>
        <source>（设置中已允许 HTTP）</source>
        <translation>（设置中已允许 HTTP）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="61"/>
        <source>（只能用 HTTPS；本机地址 127.0.0.1 除外）</source>
        <translation>（只能用 HTTPS；本机地址 127.0.0.1 除外）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="62"/>
        <source>县平台地址</source>
        <translation>县平台地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="64"/>
        <source>登记码</source>
        <translation>登记码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="65"/>
        <source>本机名称</source>
        <translation>本机名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="95"/>
        <source>发生意外错误，详情已记入日志</source>
        <translation>发生意外错误，详情已记入日志</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="100"/>
        <location filename="../../desktop/ui/enroll_dialog.py" line="111"/>
        <source>同步模块尚未安装</source>
        <translation>同步模块尚未安装</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="103"/>
        <source>正在连接县平台…</source>
        <translation>正在连接县平台…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="105"/>
        <source>已连接县平台</source>
        <translation>已连接县平台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="115"/>
        <source>请填写登记码</source>
        <translation>请填写登记码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="120"/>
        <source>正在登记…</source>
        <translation>正在登记…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/enroll_dialog.py" line="129"/>
        <source>登记成功：%s，本机序号 %s</source>
        <translation>登记成功：%s，本机序号 %s</translation>
    </message>
</context>
<context>
    <name>ErrorPresenter</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="163"/>
        <source>程序出错</source>
        <translation>程序出错</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="82"/>
        <source>反馈办理结果</source>
        <translation>反馈办理结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="88"/>
        <source>已解决</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="89"/>
        <source>未解决</source>
        <translation>未解决</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="99"/>
        <source>办理结果</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="100"/>
        <source>是否解决</source>
        <translation>是否解决</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="102"/>
        <source>反馈</source>
        <translation>反馈</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="437"/>
        <source>设置完成</source>
        <translation>设置完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="450"/>
        <source>中心：%1</source>
        <translation>中心：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="451"/>
        <source>调委会：%1（简称“%2”）</source>
        <translation>调委会：%1（简称“%2”）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="452"/>
        <source>管理员账号：%1</source>
        <translation>管理员账号：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="453"/>
        <source>本机注册：%1</source>
        <translation>本机注册：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="453"/>
        <source>已注册</source>
        <translation>已注册</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="453"/>
        <source>未注册（可在“设置”中注册）</source>
        <translation>未注册（可在“设置”中注册）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="456"/>
        <source>演示数据：%1 件案件</source>
        <translation>演示数据：%1 件案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="458"/>
        <source>点“完成”进入工作台。</source>
        <translation>点“完成”进入工作台。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="473"/>
        <source>首次使用设置</source>
        <translation>首次使用设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="477"/>
        <source>上一步</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="478"/>
        <source>下一步</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="479"/>
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="480"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FollowupTab</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="65"/>
        <source>可留空：回访协议履行情况及当事人满意度</source>
        <translation>可留空：回访协议履行情况及当事人满意度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="72"/>
        <source>请选择</source>
        <translation>请选择</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="81"/>
        <source>保存回访</source>
        <translation>保存回访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="85"/>
        <source>回访时间</source>
        <translation>回访时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="86"/>
        <source>回访方式</source>
        <translation>回访方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="87"/>
        <source>被回访人</source>
        <translation>被回访人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="88"/>
        <source>回访事由</source>
        <translation>回访事由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="89"/>
        <source>履行情况</source>
        <translation>履行情况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="90"/>
        <source>满意度</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="91"/>
        <source>矛盾激化迹象</source>
        <translation>矛盾激化迹象</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="92"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="93"/>
        <source>调解结束、案件办结后才能登记回访</source>
        <translation>调解结束、案件办结后才能登记回访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/followup_tab.py" line="115"/>
        <source>案件办结后才能回访</source>
        <translation>案件办结后才能回访</translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="235"/>
        <source>导入台账</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="239"/>
        <source>尚未选择文件</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="240"/>
        <source>选择台账文件…</source>
        <translation>选择台账文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="246"/>
        <source>列对应方案：</source>
        <translation>列对应方案：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="251"/>
        <source>另存为：</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="253"/>
        <source>新方案名称</source>
        <translation>新方案名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="255"/>
        <source>保存方案</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="259"/>
        <source>台账列 → 字段</source>
        <translation>台账列 → 字段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="264"/>
        <source>检查</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="266"/>
        <source>导入有效行</source>
        <translation>导入有效行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="278"/>
        <source>行号</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="278"/>
        <source>列</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="278"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="286"/>
        <source>选择台账文件</source>
        <translation>选择台账文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="286"/>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="346"/>
        <source>已保存列对应方案“%1”</source>
        <translation>已保存列对应方案“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="350"/>
        <source>请先选择台账文件</source>
        <translation>请先选择台账文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="376"/>
        <source>共 %1 行：可导入 %2 行，有误 %3 行（见下表），此前已导入 %4 行，文件内重复 %5 行。</source>
        <translation>共 %1 行：可导入 %2 行，有误 %3 行（见下表），此前已导入 %4 行，文件内重复 %5 行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="382"/>
        <source>已导入 %1 行，已加入待同步队列；有误 %2 行未导入（见下表）。</source>
        <translation>已导入 %1 行，已加入待同步队列；有误 %2 行未导入（见下表）。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/ui/login.py" line="39"/>
        <source>乡镇社会治理服务中心</source>
        <translation>乡镇社会治理服务中心</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="39"/>
        <source>登录 - 社会治理服务中心工作台</source>
        <translation>登录 - 社会治理服务中心工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="48"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="49"/>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="57"/>
        <source>登录</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="58"/>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="68"/>
        <source>请输入用户名</source>
        <translation>请输入用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="72"/>
        <source>正在验证…</source>
        <translation>正在验证…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="69"/>
        <source>社会治理服务中心</source>
        <translation>社会治理服务中心</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="69"/>
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
Enter  在接待受理的单行输入框中保存；在小对话框中按“确定”
Esc  关闭对话框</source>
        <translation>F2  新接待
Ctrl+N  新案件
Ctrl+F  搜索案件
F5  刷新
Ctrl+1 … Ctrl+9、Ctrl+0  切换页面
Ctrl+S  保存当前表单
Enter  在接待受理的单行输入框中保存；在小对话框中按“确定”
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
        <location filename="../../desktop/ui/main_window.py" line="243"/>
        <source>已备份：</source>
        <translation>已备份：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="245"/>
        <source>（{0}个附件在本机无法读取，未放入备份；已记入操作日志）</source>
        <translation>（{0}个附件在本机无法读取，未放入备份；已记入操作日志）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="255"/>
        <source>未登录</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="255"/>
        <source>当前用户：</source>
        <translation>当前用户：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="306"/>
        <source>尚未保存</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="306"/>
        <source>以下内容尚未保存：
{0}

确定要退出吗？未保存的内容将丢失。</source>
        <translation>以下内容尚未保存：
{0}

确定要退出吗？未保存的内容将丢失。</translation>
    </message>
</context>
<context>
    <name>MediationListModel</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/list_model.py" line="75"/>
        <source>剩余 %d 天</source>
        <translation>剩余 %d 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/list_model.py" line="75"/>
        <source>已超期 %d 天</source>
        <translation>已超期 %d 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/list_model.py" line="79"/>
        <source>进行中</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/list_model.py" line="79"/>
        <source>案件编号：%s</source>
        <translation>案件编号：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/list_model.py" line="81"/>
        <source>调解员：%s</source>
        <translation>调解员：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/list_model.py" line="83"/>
        <source>待指派</source>
        <translation>待指派</translation>
    </message>
</context>
<context>
    <name>MediationScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="83"/>
        <source>进行中</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="83"/>
        <source>已结束</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="83"/>
        <source>全部</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="88"/>
        <source>卷号、案件编号或当事人姓名</source>
        <translation>卷号、案件编号或当事人姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="90"/>
        <source>新建调解</source>
        <translation>新建调解</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="114"/>
        <source>请在左侧选择一件调解，或点击“新建调解”。</source>
        <translation>请在左侧选择一件调解，或点击“新建调解”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="219"/>
        <source>概况与结果</source>
        <translation>概况与结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="221"/>
        <source>调查/调解记录</source>
        <translation>调查/调解记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="223"/>
        <source>调解协议</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="225"/>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="328"/>
        <source>回访</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="227"/>
        <source>文书打印</source>
        <translation>文书打印</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="327"/>
        <source>记录</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="327"/>
        <source>协议</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="328"/>
        <source>有未保存的修改</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="329"/>
        <source>%s有未保存的修改，要放弃这些修改吗？</source>
        <translation>%s有未保存的修改，要放弃这些修改吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="332"/>
        <source>放弃修改</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="333"/>
        <source>继续编辑</source>
        <translation>继续编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="472"/>
        <source>已结束：%s</source>
        <translation>已结束：%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="475"/>
        <source>调解期限剩余 %d 天</source>
        <translation>调解期限剩余 %d 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="475"/>
        <source>已超过调解期限 %d 天</source>
        <translation>已超过调解期限 %d 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="481"/>
        <source>卷号：%s&#x3000;案件编号：%s&lt;br&gt;调解员：%s&#x3000;记录人：%s&#x3000;地点：%s&lt;br&gt;开始：%s&#x3000;期限：%s&#x3000;%s</source>
        <translation>卷号：%s&#x3000;案件编号：%s&lt;br&gt;调解员：%s&#x3000;记录人：%s&#x3000;地点：%s&lt;br&gt;开始：%s&#x3000;期限：%s&#x3000;%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="317"/>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="553"/>
        <source>人民调解</source>
        <translation>人民调解</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="517"/>
        <source>请先登录</source>
        <translation>请先登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="536"/>
        <source>：可以查看和打印调解文书，不能修改。</source>
        <translation>：可以查看和打印调解文书，不能修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="574"/>
        <source>确定</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/screen.py" line="575"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OpenCaseDialog</name>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="60"/>
        <source>登记为案件</source>
        <translation>登记为案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/county_items.py" line="60"/>
        <source>登记</source>
        <translation>登记</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="54"/>
        <source>调解人员与地点</source>
        <translation>调解人员与地点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="56"/>
        <source>待指派：填写承办本案的人民调解员</source>
        <translation>待指派：填写承办本案的人民调解员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="58"/>
        <source>其他参加调解的调解员，用顿号分隔</source>
        <translation>其他参加调解的调解员，用顿号分隔</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="61"/>
        <source>保存</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="64"/>
        <source>调解员</source>
        <translation>调解员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="65"/>
        <source>其他调解员</source>
        <translation>其他调解员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="66"/>
        <source>记录人</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="67"/>
        <source>调解地点</source>
        <translation>调解地点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="70"/>
        <source>当事人（来自案件）</source>
        <translation>当事人（来自案件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="84"/>
        <source>打开案件</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="91"/>
        <source>调解结果</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="105"/>
        <source>调解不成的原因及引导的其他途径（诉讼、仲裁、行政复议等）</source>
        <translation>调解不成的原因及引导的其他途径（诉讼、仲裁、行政复议等）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="108"/>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="197"/>
        <source>结束调解</source>
        <translation>结束调解</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="146"/>
        <source>结果：%s，%s</source>
        <translation>结果：%s，%s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="148"/>
        <source>调解进行中</source>
        <translation>调解进行中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="187"/>
        <source>请选择调解结果</source>
        <translation>请选择调解结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="191"/>
        <source>请填写调解不成的原因及引导的其他途径</source>
        <translation>请填写调解不成的原因及引导的其他途径</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/overview_tab.py" line="198"/>
        <source>结束调解（%s）后案件将办结，不能再修改调解结果。确定吗？</source>
        <translation>结束调解（%s）后案件将办结，不能再修改调解结果。确定吗？</translation>
    </message>
</context>
<context>
    <name>PartyEditor</name>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="91"/>
        <source>18位身份证号码，自动识别出生日期和性别</source>
        <translation>18位身份证号码，自动识别出生日期和性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="93"/>
        <source>（未填）</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="109"/>
        <source>删除此当事人</source>
        <translation>删除此当事人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="116"/>
        <source>身份</source>
        <translation>身份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="119"/>
        <location filename="../../desktop/ui/case_form.py" line="166"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="120"/>
        <source>法定代表人/负责人</source>
        <translation>法定代表人/负责人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="121"/>
        <source>职务</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="122"/>
        <source>身份证号码</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="123"/>
        <source>性别</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="124"/>
        <source>出生日期</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="125"/>
        <source>民族</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="126"/>
        <source>联系电话</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="127"/>
        <source>职业或职务</source>
        <translation>职业或职务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="128"/>
        <source>单位或住址</source>
        <translation>单位或住址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="157"/>
        <source>当事人 {0}</source>
        <translation>当事人 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="166"/>
        <source>单位名称</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="212"/>
        <source>此人近 {0} 天已来访 {1} 次</source>
        <translation>此人近 {0} 天已来访 {1} 次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="213"/>
        <source>查看相关案件</source>
        <translation>查看相关案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_form.py" line="224"/>
        <source>出生日期格式应为 YYYY-MM-DD</source>
        <translation>出生日期格式应为 YYYY-MM-DD</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="60"/>
        <source>上一页</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="61"/>
        <source>下一页</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="63"/>
        <source>缩小</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="64"/>
        <source>放大</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="65"/>
        <source>适合宽度</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="66"/>
        <source>打印…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="67"/>
        <source>另存为…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="68"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="124"/>
        <source>第 %1 / %2 页</source>
        <translation>第 %1 / %2 页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="159"/>
        <source>打印 %1</source>
        <translation>打印 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="173"/>
        <source>打印失败</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="173"/>
        <source>无法连接打印机，请检查打印机后重试。</source>
        <translation>无法连接打印机，请检查打印机后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="209"/>
        <source>另存为</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="210"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="219"/>
        <source>保存失败</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pdf_preview.py" line="220"/>
        <source>无法保存文件：%1</source>
        <translation>无法保存文件：%1</translation>
    </message>
</context>
<context>
    <name>PrintTab</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="27"/>
        <source>调解协议书</source>
        <translation>调解协议书</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="28"/>
        <source>调解记录</source>
        <translation>调解记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="29"/>
        <source>调解申请书</source>
        <translation>调解申请书</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="30"/>
        <source>受理登记表</source>
        <translation>受理登记表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="31"/>
        <source>口头协议登记表</source>
        <translation>口头协议登记表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="32"/>
        <source>回访记录</source>
        <translation>回访记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="33"/>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="64"/>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="70"/>
        <source>司法确认申请书</source>
        <translation>司法确认申请书</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="34"/>
        <source>卷宗</source>
        <translation>卷宗</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="36"/>
        <source>预览/打印：</source>
        <translation>预览/打印：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="65"/>
        <source>受理申请的基层人民法院：</source>
        <translation>受理申请的基层人民法院：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/print_tab.py" line="70"/>
        <source>请填写受理申请的人民法院</source>
        <translation>请填写受理申请的人民法院</translation>
    </message>
</context>
<context>
    <name>ReceptionScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="68"/>
        <source>接待受理</source>
        <translation>接待受理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="73"/>
        <source>5人及以上为集体访，请及时报告中心负责人</source>
        <translation>5人及以上为集体访，请及时报告中心负责人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="91"/>
        <source>当场答复（咨询类，不登记为案件）</source>
        <translation>当场答复（咨询类，不登记为案件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="100"/>
        <source>来访方式</source>
        <translation>来访方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="101"/>
        <source>来访人数</source>
        <translation>来访人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="102"/>
        <source>来访人姓名</source>
        <translation>来访人姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="103"/>
        <source>身份证号码</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="104"/>
        <source>联系电话</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="105"/>
        <source>所属村（社区）</source>
        <translation>所属村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="106"/>
        <source>来访事由</source>
        <translation>来访事由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="108"/>
        <source>答复内容</source>
        <translation>答复内容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="130"/>
        <source>保存接待记录</source>
        <translation>保存接待记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="132"/>
        <source>登记为案件…</source>
        <translation>登记为案件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="134"/>
        <source>清空</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="142"/>
        <source>今日接待</source>
        <translation>今日接待</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="145"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="145"/>
        <source>方式</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="145"/>
        <source>人数</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="145"/>
        <source>来访人</source>
        <translation>来访人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="145"/>
        <source>身份证号</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="145"/>
        <source>结果</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="259"/>
        <source>此人近 {0} 天已来访 {1} 次</source>
        <translation>此人近 {0} 天已来访 {1} 次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="260"/>
        <source>查看相关案件</source>
        <translation>查看相关案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="286"/>
        <source>接待记录已保存</source>
        <translation>接待记录已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="329"/>
        <source>已登记为案件</source>
        <translation>已登记为案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="354"/>
        <source>当场答复</source>
        <translation>当场答复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="354"/>
        <source>已登记案件</source>
        <translation>已登记案件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/reception.py" line="355"/>
        <source>已登记</source>
        <translation>已登记</translation>
    </message>
</context>
<context>
    <name>RecordsTab</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="52"/>
        <source>新增记录</source>
        <translation>新增记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="72"/>
        <source>已告知当事人权利义务</source>
        <translation>已告知当事人权利义务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="77"/>
        <source>调解事项、各方陈述、查明的事实</source>
        <translation>调解事项、各方陈述、查明的事实</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="85"/>
        <source>保存记录</source>
        <translation>保存记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="88"/>
        <source>打印本记录</source>
        <translation>打印本记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="93"/>
        <source>记录类型</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="94"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="95"/>
        <source>地点</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="96"/>
        <source>参加人</source>
        <translation>参加人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="98"/>
        <source>记录内容</source>
        <translation>记录内容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="99"/>
        <source>风险提示</source>
        <translation>风险提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="100"/>
        <source>调解结果</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="131"/>
        <source>新记录</source>
        <translation>新记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="151"/>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="183"/>
        <source>编辑记录</source>
        <translation>编辑记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="191"/>
        <source>打印</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/records_tab.py" line="191"/>
        <source>请先保存记录</source>
        <translation>请先保存记录</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="31"/>
        <source>数据库恢复码</source>
        <translation>数据库恢复码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="33"/>
        <source>请抄写并妥善保管恢复码</source>
        <translation>请抄写并妥善保管恢复码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="36"/>
        <source>本机数据已加密。忘记所有密码、重装系统或更换电脑账户后，只有凭这个恢复码才能找回数据。
恢复码只显示这一次：请抄在纸上交中心负责人保管，不要保存在这台电脑上。</source>
        <translation>本机数据已加密。忘记所有密码、重装系统或更换电脑账户后，只有凭这个恢复码才能找回数据。
恢复码只显示这一次：请抄在纸上交中心负责人保管，不要保存在这台电脑上。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/security_dialogs.py" line="45"/>
        <source>我已抄写</source>
        <translation>我已抄写</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="92"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="103"/>
        <source>保存设置</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="144"/>
        <source>中心名称</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="145"/>
        <source>乡镇（街道）名称</source>
        <translation>乡镇（街道）名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="146"/>
        <source>乡镇代码</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="147"/>
        <source>人民调解委员会名称</source>
        <translation>人民调解委员会名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="148"/>
        <source>调委会简称（卷号用）</source>
        <translation>调委会简称（卷号用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="149"/>
        <source>司法确认管辖法院</source>
        <translation>司法确认管辖法院</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="150"/>
        <source>中心联系电话（印在回执上）</source>
        <translation>中心联系电话（印在回执上）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="151"/>
        <source>县平台地址</source>
        <translation>县平台地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="152"/>
        <source>允许不加密的 http 连接（仅限内网，不推荐）</source>
        <translation>允许不加密的 http 连接（仅限内网，不推荐）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="153"/>
        <source>登记本机/测试连接…</source>
        <translation>登记本机/测试连接…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="161"/>
        <source>中心信息</source>
        <translation>中心信息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="166"/>
        <source>每行一项。</source>
        <translation>每行一项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="167"/>
        <source>纠纷/诉求类别</source>
        <translation>纠纷/诉求类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="168"/>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="169"/>
        <source>承办单位（站所办）</source>
        <translation>承办单位（站所办）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="173"/>
        <source>类别与名录</source>
        <translation>类别与名录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="178"/>
        <source> 天</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="184"/>
        <source>简单事项办理期限</source>
        <translation>简单事项办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="185"/>
        <source>一般事项办理期限</source>
        <translation>一般事项办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="186"/>
        <source>复杂事项办理期限</source>
        <translation>复杂事项办理期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="187"/>
        <source>调解期限</source>
        <translation>调解期限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="188"/>
        <source>重复来访统计天数</source>
        <translation>重复来访统计天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="192"/>
        <source>字体大小</source>
        <translation>字体大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="194"/>
        <source>自动（已安装的仿宋或宋体，否则内置字体）</source>
        <translation>自动（已安装的仿宋或宋体，否则内置字体）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="195"/>
        <source>文书正文字体</source>
        <translation>文书正文字体</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="196"/>
        <source>期限与显示</source>
        <translation>期限与显示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="219"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="219"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="219"/>
        <source>角色</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="219"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="225"/>
        <source>新建账号…</source>
        <translation>新建账号…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="226"/>
        <source>停用/启用</source>
        <translation>停用/启用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="227"/>
        <source>重置密码…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="228"/>
        <source>重新生成恢复码…</source>
        <translation>重新生成恢复码…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="230"/>
        <source>生成新的数据库恢复码；旧恢复码立即作废</source>
        <translation>生成新的数据库恢复码；旧恢复码立即作废</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="240"/>
        <source>账号管理</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="245"/>
        <source>数据每次升级前会自动备份。也可以随时手动备份，或从备份恢复。</source>
        <translation>数据每次升级前会自动备份。也可以随时手动备份，或从备份恢复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="250"/>
        <source>立即备份</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="252"/>
        <source>从选中的备份恢复…</source>
        <translation>从选中的备份恢复…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="260"/>
        <source>备份与恢复</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="304"/>
        <source>地址应以 https:// 开头</source>
        <translation>地址应以 https:// 开头</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="307"/>
        <source>乡镇代码应为6到12位数字</source>
        <translation>乡镇代码应为6到12位数字</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="310"/>
        <source>至少需要一个类别</source>
        <translation>至少需要一个类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="312"/>
        <source>请填写中心名称</source>
        <translation>请填写中心名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="355"/>
        <source>设置已保存</source>
        <translation>设置已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="375"/>
        <location filename="../../desktop/ui/screens/settings.py" line="384"/>
        <source>可用</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="375"/>
        <source>已停用</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="420"/>
        <source>停用账号</source>
        <translation>停用账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="420"/>
        <source>确定停用账号 {0} 吗？</source>
        <translation>确定停用账号 {0} 吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="431"/>
        <source>重置密码</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="431"/>
        <source>新密码（至少6位）：</source>
        <translation>新密码（至少6位）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="436"/>
        <source>密码已重置</source>
        <translation>密码已重置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="444"/>
        <source>重新生成恢复码</source>
        <translation>重新生成恢复码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="445"/>
        <source>生成新的恢复码后，旧恢复码立即作废。
新恢复码只显示一次，请准备好纸笔抄写。是否继续？</source>
        <translation>生成新的恢复码后，旧恢复码立即作废。
新恢复码只显示一次，请准备好纸笔抄写。是否继续？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="451"/>
        <source>已生成新的恢复码，旧恢复码已作废</source>
        <translation>已生成新的恢复码，旧恢复码已作废</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="480"/>
        <source>已备份：{0}</source>
        <translation>已备份：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="482"/>
        <source>（{0}个附件在本机无法读取，未放入备份；已记入操作日志）</source>
        <translation>（{0}个附件在本机无法读取，未放入备份；已记入操作日志）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="498"/>
        <source>恢复</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="498"/>
        <source>请先在列表中选择一个备份。</source>
        <translation>请先在列表中选择一个备份。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="501"/>
        <source>从备份恢复</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="502"/>
        <source>恢复会用所选备份替换当前数据（当前数据会先自动备份）。
恢复后程序将关闭，请重新打开。

确定恢复吗？</source>
        <translation>恢复会用所选备份替换当前数据（当前数据会先自动备份）。
恢复后程序将关闭，请重新打开。

确定恢复吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="511"/>
        <source>恢复完成</source>
        <translation>恢复完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="511"/>
        <source>数据已恢复，程序将关闭，请重新打开。</source>
        <translation>数据已恢复，程序将关闭，请重新打开。</translation>
    </message>
</context>
<context>
    <name>StatisticsScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="419"/>
        <source>至</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="420"/>
        <source>◀ 上一期</source>
        <translation>◀ 上一期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="421"/>
        <source>下一期 ▶</source>
        <translation>下一期 ▶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="425"/>
        <source>期间：</source>
        <translation>期间：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="429"/>
        <source>导出月报 PDF</source>
        <translation>导出月报 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="430"/>
        <source>导出月报 Excel</source>
        <translation>导出月报 Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="431"/>
        <source>导入台账</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="456"/>
        <source>当场答复咨询</source>
        <translation>当场答复咨询</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="456"/>
        <source>接待群众</source>
        <translation>接待群众</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="456"/>
        <source>接待</source>
        <translation>接待</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="457"/>
        <source>受理诉求（件）</source>
        <translation>受理诉求（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="457"/>
        <source>已办结（件）</source>
        <translation>已办结（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="458"/>
        <source>网格上报事件</source>
        <translation>网格上报事件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="458"/>
        <source>网格事件已解决</source>
        <translation>网格事件已解决</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="458"/>
        <source>网上预约</source>
        <translation>网上预约</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="459"/>
        <source>上级交办</source>
        <translation>上级交办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="459"/>
        <source>超期未办结</source>
        <translation>超期未办结</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="459"/>
        <source>3日内到期</source>
        <translation>3日内到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="460"/>
        <source>人民调解（件）</source>
        <translation>人民调解（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="460"/>
        <source>调解已结束</source>
        <translation>调解已结束</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="460"/>
        <source>调解成功</source>
        <translation>调解成功</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="461"/>
        <source>调解成功率</source>
        <translation>调解成功率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="461"/>
        <source>书面协议</source>
        <translation>书面协议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="461"/>
        <source>口头协议</source>
        <translation>口头协议</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="462"/>
        <source>申请司法确认</source>
        <translation>申请司法确认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="466"/>
        <source>接待群众 N 人：每次来访的人数相加（5人集体访计5人）</source>
        <translation>接待群众 N 人：每次来访的人数相加（5人集体访计5人）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="467"/>
        <source>接待 M 人次：登记的接待次数（一次来访、来电或来信计1人次，无论几人同来）</source>
        <translation>接待 M 人次：登记的接待次数（一次来访、来电或来信计1人次，无论几人同来）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="469"/>
        <source>人</source>
        <translation>人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="470"/>
        <source>人次</source>
        <translation>人次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="481"/>
        <source>按村（社区）</source>
        <translation>按村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="481"/>
        <source>按首问受理人</source>
        <translation>按首问受理人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="482"/>
        <source>按承办单位</source>
        <translation>按承办单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="482"/>
        <source>满意度</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="488"/>
        <source>概况</source>
        <translation>概况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="501"/>
        <source>图表</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="506"/>
        <source>重复来访：</source>
        <translation>重复来访：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="510"/>
        <source> 天内</source>
        <translation> 天内</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="514"/>
        <source> 次及以上</source>
        <translation> 次及以上</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="517"/>
        <source>重新分析</source>
        <translation>重新分析</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="520"/>
        <source>高风险在办：…</source>
        <translation>高风险在办：…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="530"/>
        <source>上升的纠纷类型（与上期比）</source>
        <translation>上升的纠纷类型（与上期比）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="531"/>
        <source>矛盾纠纷高发村（社区）</source>
        <translation>矛盾纠纷高发村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="532"/>
        <source>重复来访人员</source>
        <translation>重复来访人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="533"/>
        <source>调解员工作量</source>
        <translation>调解员工作量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="538"/>
        <source>分析研判</source>
        <translation>分析研判</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="580"/>
        <source>%1（%2 至 %3）</source>
        <translation>%1（%2 至 %3）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="603"/>
        <source>正在统计…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="622"/>
        <source>统计截至 </source>
        <translation>统计截至 </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="625"/>
        <source>受理（件）</source>
        <translation>受理（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="625"/>
        <source>办结（件）</source>
        <translation>办结（件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="457"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="626"/>
        <source>办结率</source>
        <translation>办结率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="641"/>
        <source>高风险在办：%1 件</source>
        <translation>高风险在办：%1 件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="629"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="643"/>
        <source>纠纷类型</source>
        <translation>纠纷类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="643"/>
        <source>本期</source>
        <translation>本期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="643"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="647"/>
        <source>上期</source>
        <translation>上期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="643"/>
        <source>增加</source>
        <translation>增加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="643"/>
        <source>增幅</source>
        <translation>增幅</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="645"/>
        <source>新出现</source>
        <translation>新出现</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="630"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="647"/>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="408"/>
        <source>日</source>
        <translation>日</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="408"/>
        <source>周</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="408"/>
        <source>月</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="409"/>
        <source>季度</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="409"/>
        <source>年</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="410"/>
        <source>自定义</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="629"/>
        <source>来源渠道</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="630"/>
        <source>首问受理人</source>
        <translation>首问受理人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="631"/>
        <source>承办单位</source>
        <translation>承办单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="631"/>
        <source>评价</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="647"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="660"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="681"/>
        <source>受理</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="647"/>
        <source>未办结</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="647"/>
        <source>占比</source>
        <translation>占比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="650"/>
        <source>证件/电话</source>
        <translation>证件/电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="650"/>
        <source>次数</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="650"/>
        <source>最近一次</source>
        <translation>最近一次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="653"/>
        <source>调解员</source>
        <translation>调解员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="653"/>
        <source>在办</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="653"/>
        <source>超期</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="653"/>
        <source>本期受理</source>
        <translation>本期受理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="653"/>
        <source>本期成功</source>
        <translation>本期成功</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="659"/>
        <source>受理趋势</source>
        <translation>受理趋势</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="660"/>
        <source>办结</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="480"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="680"/>
        <source>按纠纷类型</source>
        <translation>按纠纷类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="480"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="701"/>
        <source>按来源渠道</source>
        <translation>按来源渠道</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="729"/>
        <source>高风险在办</source>
        <translation>高风险在办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="758"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="759"/>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="759"/>
        <source>导出月报</source>
        <translation>导出月报</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="776"/>
        <location filename="../../desktop/ui/screens/statistics.py" line="777"/>
        <source>已导出月报：</source>
        <translation>已导出月报：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/statistics.py" line="779"/>
        <source>正在生成月报…</source>
        <translation>正在生成月报…</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="163"/>
        <source>同步模块尚未安装</source>
        <translation>同步模块尚未安装</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="171"/>
        <source>正在同步…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="191"/>
        <source>同步时发生意外错误，详情已记入日志</source>
        <translation>同步时发生意外错误，详情已记入日志</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="230"/>
        <source>无法启动同步程序</source>
        <translation>无法启动同步程序</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="240"/>
        <source>已停止同步；已发送的不会重复，下次同步从中断处继续</source>
        <translation>已停止同步；已发送的不会重复，下次同步从中断处继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="248"/>
        <source>同步程序异常退出（代码 %d）</source>
        <translation>同步程序异常退出（代码 %d）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="251"/>
        <source>同步完成</source>
        <translation>同步完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="251"/>
        <source>同步失败</source>
        <translation>同步失败</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="377"/>
        <source>同步状态读取中…</source>
        <translation>同步状态读取中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="419"/>
        <source>同步状态不可用</source>
        <translation>同步状态不可用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="433"/>
        <source>待发送 %d</source>
        <translation>待发送 %d</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="435"/>
        <source>待处理 %d</source>
        <translation>待处理 %d</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="437"/>
        <source>上次同步 %s</source>
        <translation>上次同步 %s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_indicator.py" line="440"/>
        <source>点击查看同步详情</source>
        <translation>点击查看同步详情</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="74"/>
        <source>同步状态</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="97"/>
        <source>县平台地址</source>
        <translation>县平台地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="98"/>
        <source>上次成功同步</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="99"/>
        <source>最近的问题</source>
        <translation>最近的问题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="101"/>
        <source>立即同步</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="104"/>
        <source>停止同步</source>
        <translation>停止同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="113"/>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="228"/>
        <source>登记本机…</source>
        <translation>登记本机…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="115"/>
        <source>自动同步，每</source>
        <translation>自动同步，每</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="120"/>
        <source> 分钟</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="138"/>
        <source>需要处理的记录（被县平台退回或与县平台冲突）</source>
        <translation>需要处理的记录（被县平台退回或与县平台冲突）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="141"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="141"/>
        <source>记录</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="141"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="141"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="141"/>
        <source>字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="141"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="148"/>
        <source>打开记录</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="149"/>
        <source>已修改，重新发送</source>
        <translation>已修改，重新发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="150"/>
        <source>保留本机版本</source>
        <translation>保留本机版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="151"/>
        <source>采用县平台版本</source>
        <translation>采用县平台版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="152"/>
        <source>不接收此记录…</source>
        <translation>不接收此记录…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="161"/>
        <source>被退回的记录：打开记录，按原因修改后保存，再点“重新发送”。冲突的记录：选择保留本机版本或采用县平台版本。县平台下发而无法接收的记录：请县级管理员撤回或更正；确认不要时点“不接收此记录”并写明原因。</source>
        <translation>被退回的记录：打开记录，按原因修改后保存，再点“重新发送”。冲突的记录：选择保留本机版本或采用县平台版本。县平台下发而无法接收的记录：请县级管理员撤回或更正；确认不要时点“不接收此记录”并写明原因。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="217"/>
        <source>（未登记）</source>
        <translation>（未登记）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="222"/>
        <source>本机与县平台的数据核对不一致：</source>
        <translation>本机与县平台的数据核对不一致：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="226"/>
        <source>本机尚未在县平台登记：点击“登记本机…”，填写县平台地址和管理员发放的一次性登记码</source>
        <translation>本机尚未在县平台登记：点击“登记本机…”，填写县平台地址和管理员发放的一次性登记码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="228"/>
        <source>重新登记本机…</source>
        <translation>重新登记本机…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="247"/>
        <source>正在同步，请稍候…</source>
        <translation>正在同步，请稍候…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="251"/>
        <source>本机尚未在县平台登记，请先点击“登记本机…”</source>
        <translation>本机尚未在县平台登记，请先点击“登记本机…”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="261"/>
        <source>正在同步…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="271"/>
        <source>（已用 %d 秒）</source>
        <translation>（已用 %d 秒）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="284"/>
        <source>发送 %d 条，接收 %d 条</source>
        <translation>发送 %d 条，接收 %d 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="286"/>
        <source>，被退回 %d 条，冲突 %d 条</source>
        <translation>，被退回 %d 条，冲突 %d 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="290"/>
        <source>同步失败</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="338"/>
        <source>同步</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="338"/>
        <source>该记录没有可打开的案件；请按原因处理后重新发送。</source>
        <translation>该记录没有可打开的案件；请按原因处理后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="364"/>
        <source>已重新排队，下次同步时发送</source>
        <translation>已重新排队，下次同步时发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="371"/>
        <source>不接收此记录</source>
        <translation>不接收此记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="372"/>
        <source>请写明不接收的原因（将记入审计日志），例如：已请县级管理员撤回：</source>
        <translation>请写明不接收的原因（将记入审计日志），例如：已请县级管理员撤回：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="377"/>
        <source>已不接收这条记录，并记入审计日志</source>
        <translation>已不接收这条记录，并记入审计日志</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="384"/>
        <source>已保留本机版本，下次同步时发送</source>
        <translation>已保留本机版本，下次同步时发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/sync_panel.py" line="385"/>
        <source>已采用县平台版本</source>
        <translation>已采用县平台版本</translation>
    </message>
</context>
<context>
    <name>TermsEditor</name>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="62"/>
        <source>添加条款</source>
        <translation>添加条款</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="63"/>
        <source>删除条款</source>
        <translation>删除条款</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="64"/>
        <source>上移</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="65"/>
        <source>下移</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="66"/>
        <source>在当前条款后添加一条（Ctrl+Enter）</source>
        <translation>在当前条款后添加一条（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="67"/>
        <source>删除当前条款（Ctrl+Delete）</source>
        <translation>删除当前条款（Ctrl+Delete）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="68"/>
        <source>当前条款上移（Alt+↑）</source>
        <translation>当前条款上移（Alt+↑）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="69"/>
        <source>当前条款下移（Alt+↓）</source>
        <translation>当前条款下移（Alt+↓）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="81"/>
        <source>尚无条款，点击“添加条款”。</source>
        <translation>尚无条款，点击“添加条款”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/mediation/terms.py" line="114"/>
        <source>第%d条</source>
        <translation>第%d条</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="60"/>
        <source>新建账号</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="69"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="69"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="70"/>
        <source>角色</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/screens/settings.py" line="70"/>
        <source>初始密码</source>
        <translation>初始密码</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="171"/>
        <source>欢迎使用乡镇社会治理工作台</source>
        <translation>欢迎使用乡镇社会治理工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="180"/>
        <source>本向导将帮助您完成首次设置：

1. 填写本中心的基本信息（打印文书时使用）；
2. 创建中心管理员账号；
3. 用县平台发放的注册码注册本机（可跳过，以后在“设置”中注册）；
4. 如需培训，可生成演示数据。

所有数据保存在本机，没有网络也能正常使用。</source>
        <translation>本向导将帮助您完成首次设置：

1. 填写本中心的基本信息（打印文书时使用）；
2. 创建中心管理员账号；
3. 用县平台发放的注册码注册本机（可跳过，以后在“设置”中注册）；
4. 如需培训，可生成演示数据。

所有数据保存在本机，没有网络也能正常使用。</translation>
    </message>
</context>
<context>
    <name>ui</name>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="83"/>
        <source>可留空：打印时列出各当事人供勾选</source>
        <translation>可留空：打印时列出各当事人供勾选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="236"/>
        <source>保存</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="237"/>
        <source>不保存</source>
        <translation>不保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="238"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/widgets.py" line="323"/>
        <source>请先登录</source>
        <translation>请先登录</translation>
    </message>
</context>
</TS>
