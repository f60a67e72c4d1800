	mov %esi,%eax
	cmp %eax,(%ecx)
	jne .Lout
	mov %edi,%eax
	mov %esi,%edx
	mov %edx,(%eax)
	mov %ebp,%eax
	mov %eax,(%ecx)
.Lout:
