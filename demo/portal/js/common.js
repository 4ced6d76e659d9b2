/* common.js -- site-wide helpers */
function showToday() {
  var d = new Date(), w = ["日", "一", "二", "三", "四", "五", "六"];
  document.write("今天是" + d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 星期" + w[d.getDay()]);
}

function doZoom(size) {
  var z = document.getElementById("zoom");
  if (z) { z.style.fontSize = size + "px"; }
}

/* TRS WCM list pager: createPageHTML(pageCount, currentIndex, "index", "html") */
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) { return; }
  var fb = document.getElementById("pageFallback");
  if (fb) { fb.style.display = "none"; }
  function url(i) { return i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt; }
  var s = '<div class="page">共' + _nPageCount + '页 ';
  if (_nCurrIndex == 0) {
    s += '<span>首页</span> <span>上一页</span> ';
  } else {
    s += '<a href="' + url(0) + '">首页</a> <a href="' + url(_nCurrIndex - 1) + '">上一页</a> ';
  }
  for (var i = 0; i < _nPageCount; i++) {
    s += (i == _nCurrIndex) ? '<span class="cur">' + (i + 1) + '</span> ' : '<a href="' + url(i) + '">' + (i + 1) + '</a> ';
  }
  if (_nCurrIndex == _nPageCount - 1) {
    s += '<span>下一页</span> <span>尾页</span>';
  } else {
    s += '<a href="' + url(_nCurrIndex + 1) + '">下一页</a> <a href="' + url(_nPageCount - 1) + '">尾页</a>';
  }
  document.write(s + '</div>');
}
